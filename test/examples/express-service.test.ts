import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Device } from '../helpers/device.js';
import { type RunningExample, startExample, testSecrets } from '../helpers/example-process.js';
import { SERVICE_KEY, startServiceProcess } from '../helpers/service-process.js';

const PASSWORD = `pw-${process.pid}`;
const dir = mkdtempSync(join(tmpdir(), 'coatcheck-example-service-'));
const store = `sqlite:${join(dir, 'shared.db')}`;
let service: Awaited<ReturnType<typeof startServiceProcess>>;
let example: RunningExample;

beforeAll(async () => {
  const secrets = testSecrets();
  [service, example] = await Promise.all([
    startServiceProcess(['--store', store], { COATCHECK_SECRETS: secrets }),
    startExample('express', {
      COATCHECK_SECRETS: secrets,
      EXAMPLE_PASSWORD: PASSWORD,
      COATCHECK_STORE: store,
    }),
  ]);
}, 60_000);
afterAll(async () => {
  await Promise.all([service?.stop(), example?.stop()]);
  rmSync(dir, { recursive: true, force: true });
});

interface V1Body {
  token?: string;
  session?: { id: string; userId: string };
}

const v1 = async (
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; body: V1Body }> => {
  const res = await fetch(`${service.url}/v1${path}`, {
    method,
    headers: { authorization: `Bearer ${SERVICE_KEY}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, body: res.status === 204 ? null : await res.json() };
};

describe('the Express example and `coatcheck serve` on one store and one keyring', () => {
  it('a session signed in through the example validates through /v1/sessions/validate', async () => {
    const device = new Device(example.url);
    const signedIn = await device.login('alice', PASSWORD);
    const validated = await v1('POST', '/sessions/validate', { token: device.token });
    expect(validated).toMatchObject({
      status: 200,
      body: { session: { id: signedIn.body.sessionId, userId: 'alice' } },
    });
    // Signing out in the example ends it for every backend.
    const token = device.token;
    expect((await device.request('POST', '/logout')).status).toBe(204);
    expect((await v1('POST', '/sessions/validate', { token })).status).toBe(401);
  });

  it('a session made by the service signs the example in, and the service revokes it', async () => {
    const created = await v1('POST', '/sessions', { userId: 'bob' });
    expect(created.status).toBe(201);
    const device = new Device(example.url);
    device.token = created.body.token!;
    expect((await device.request('GET', '/me')).body).toEqual({
      userId: 'bob',
      sessionId: created.body.session!.id,
    });
    expect((await v1('DELETE', `/sessions/${created.body.session!.id}`)).status).toBe(204);
    expect((await device.request('GET', '/me')).status).toBe(401);
  });
});
