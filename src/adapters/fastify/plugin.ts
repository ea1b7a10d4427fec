import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { SessionManager } from '../../core/manager.js';
import type { EventContext } from '../../events/types.js';
import { SessionActions } from '../../http/actions.js';
import { type ClientAddressOptions, trustedProxies } from '../../http/client-address.js';
import { createSessionGuard, type SessionGuardOptions } from '../../http/guard.js';
import { type LegacyOption, migrateLegacyRequest } from '../../http/legacy.js';
import type { VerifiedAccessToken } from '../../tokens/access/verify.js';
import { sendRefusal } from './respond.js';

export interface FastifySessionOptions extends SessionGuardOptions, ClientAddressOptions {
  manager: SessionManager;
  /**
   * Request facts for events and device lists; default: the client address (the socket's, or
   * through `trustedProxies`) and User-Agent. Fastify's own `trustProxy` (`request.ip`) is not read.
   */
  context?: (request: FastifyRequest) => EventContext;
  /**
   * Migration from @fastify/session (or express-session): a GET or HEAD with the legacy cookie and
   * no coatcheck session becomes a coatcheck session (see `createLegacyMigration` in
   * `coatcheck/migrate`). Remove @fastify/session from the app: the plugin reads the raw cookie.
   */
  legacy?: LegacyOption;
}

declare module 'fastify' {
  interface FastifyRequest {
    coatcheck: SessionActions;
    /** Set by `requireAccessToken` once the bearer token is verified. */
    accessToken?: VerifiedAccessToken;
  }
}

export const one = (value: string | string[] | undefined): string | undefined =>
  Array.isArray(value) ? value[0] : value;

const plugin: FastifyPluginAsync<FastifySessionOptions> = async (fastify, options) => {
  const guard = createSessionGuard(options.manager, options);
  const proxies = trustedProxies(options.trustedProxies);
  fastify.decorateRequest('coatcheck', null as unknown as SessionActions);
  // onRequest runs before any body is parsed, so a refused request never reaches a parser. The
  // CSRF token therefore comes from the X-CSRF-Token header (forms post it through fetch).
  fastify.addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) => {
    const context = options.context?.(request) ?? {
      ip: proxies.clientAddress(request.raw.socket.remoteAddress, one(request.headers['x-forwarded-for'])),
      userAgent: one(request.headers['user-agent']),
    };
    const method = request.raw.method ?? request.method;
    const cookie = request.headers.cookie;
    const result = await guard({
      method,
      path: request.url.split('?')[0],
      cookie,
      secFetchSite: one(request.headers['sec-fetch-site']),
      origin: one(request.headers.origin),
      csrfToken: one(request.headers['x-csrf-token']),
      context,
    });
    if (!result.ok) return sendRefusal(reply, result);
    const effects = {
      cookie: (cookie: { header: string }) =>
        void reply.header('set-cookie', cookie.header).header('cache-control', 'no-store'),
      header: (name: string, value: string) => void reply.header(name, value),
    };
    for (const set of result.cookies) effects.cookie(set);
    const migrated =
      result.session || !options.legacy
        ? null
        : await migrateLegacyRequest(options.legacy, { method, cookie, context }, effects.cookie);
    request.coatcheck = new SessionActions(options.manager, migrated ?? result, effects, context);
  });
};

/**
 * The Fastify 5 plugin: validates the session cookie on every request (`onRequest`), refuses
 * cross-origin state changes, and decorates `request.coatcheck` with the session and its actions.
 * It leaves the app's error handler alone: `app.setErrorHandler(sessionErrors())` opts in.
 *
 * @example
 * ```ts
 * import Fastify from 'fastify';
 * import { coatcheck, requireSession } from 'coatcheck/adapters/fastify';
 * const app = Fastify();
 * await app.register(coatcheck, { manager: sessions, trustedOrigins: ['https://app.example'] });
 * app.get('/me', requireSession(async (request) => ({ userId: request.coatcheck.session.userId })));
 * ```
 */
export const coatcheck = fp(plugin, { name: 'coatcheck', fastify: '5.x' });
