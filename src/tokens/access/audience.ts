import { appRelativeUserId, isAppName } from '../../core/gateway.js';
import { SessionError } from '../../errors.js';

/** The default audience template of an app's access tokens: the app's own name. */
export const DEFAULT_APP_AUDIENCE = '{app}';

const PLACEHOLDER = '{app}';
// Printable ASCII without spaces: an audience is compared exactly, and a URI needs nothing else.
const PRINTABLE = /^[\x21-\x7e]{1,256}$/;

/** Checks an `appAudience` template at configuration time; returns the function it describes. */
export function appAudienceOf(template: string | undefined): (app: string) => string {
  const t = template ?? DEFAULT_APP_AUDIENCE;
  if (typeof t !== 'string' || !PRINTABLE.test(t) || !t.includes(PLACEHOLDER)) {
    throw new SessionError(
      'ERR_CONFIG_INVALID',
      'appAudience must be 1-256 printable characters without spaces and contain {app}',
    );
  }
  // `{app}` appears at least once around fixed text, so two apps never share an audience.
  return (app) => t.replaceAll(PLACEHOLDER, app);
}

/** Who an access token speaks of, and for whom: `sub`, `aud` and the optional `app` claim. */
export interface TokenAddressee {
  subject: string;
  audience: string | string[];
  app: string | null;
}

/**
 * The `aud` of an app's tokens. An app audience equal to the service's would let the service's
 * verifiers accept the app's tokens: that configuration is refused (ERR_CONFIG_INVALID).
 */
export function appAudience(
  options: { audience: string | string[]; appAudience: (app: string) => string },
  app: string,
): string {
  if (!isAppName(app)) throw new SessionError('ERR_INPUT_INVALID', 'app must be 1-32 of [a-z0-9-]');
  const audience = options.appAudience(app);
  const service = typeof options.audience === 'string' ? [options.audience] : options.audience;
  if (service.includes(audience)) {
    throw new SessionError('ERR_CONFIG_INVALID', `The audience of app "${app}" is the service's own`);
  }
  return audience;
}

/**
 * The addressee of a token for a session's stored user id. Without an app: the stored id and the
 * service audience. With one: the app-relative id, the app's own audience, and the app's name.
 * A session outside the app's namespace is refused (ERR_TOKEN_INVALID).
 */
export function addresseeFor(
  options: { audience: string | string[]; appAudience: (app: string) => string },
  storedUserId: string,
  app: string | null | undefined,
): TokenAddressee {
  if (app === null || app === undefined) {
    return { subject: storedUserId, audience: options.audience, app: null };
  }
  const audience = appAudience(options, app);
  const subject = appRelativeUserId(app, storedUserId);
  if (!subject) throw new SessionError('ERR_TOKEN_INVALID', 'The session does not belong to this app');
  return { subject, audience, app };
}
