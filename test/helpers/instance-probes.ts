// Questions asked of one `coatcheck serve` instance directly, past the proxy: which signing keys
// it publishes, whether it accepts an access token, and how long a change takes to reach each.
import { SERVICE_KEY } from './service-process.js';

const SERVICE_AUTH = { authorization: `Bearer ${SERVICE_KEY}` };

/** The `kid` in a JWT's protected header. */
export function kidOf(jwt: string): string {
  return (JSON.parse(Buffer.from(jwt.split('.')[0]!, 'base64url').toString()) as { kid: string }).kid;
}

/** A service-key request to the instance at `base`. */
export function callInstance(base: string, method: string, path: string, body?: unknown): Promise<Response> {
  return fetch(`${base}${path}`, {
    method,
    headers: { ...SERVICE_AUTH, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
}

/** Whether the instance accepts the access token (the demo's /me verifies it with its cached keys). */
export async function instanceAccepts(base: string, accessToken: string): Promise<boolean> {
  const res = await fetch(`${base}/me`, { headers: { authorization: `Bearer ${accessToken}` } });
  if (res.status !== 200 && res.status !== 401) throw new Error(`/me answered ${res.status}`);
  return res.status === 200;
}

export async function publishedKids(base: string): Promise<string[]> {
  const res = await fetch(`${base}/.well-known/jwks.json`);
  return ((await res.json()) as { keys: { kid: string }[] }).keys.map((k) => k.kid);
}

/** Polls each of `bases` every 25 ms until `holds`; the milliseconds each took from `since`. */
export function msUntilEach(
  bases: string[],
  since: number,
  giveUpMs: number,
  holds: (base: string) => Promise<boolean>,
): Promise<number[]> {
  return Promise.all(
    bases.map(async (base) => {
      while (!(await holds(base))) {
        if (Date.now() > since + giveUpMs) throw new Error(`${base} never saw the change`);
        await new Promise((r) => setTimeout(r, 25));
      }
      return Date.now() - since;
    }),
  );
}
