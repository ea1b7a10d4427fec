// LG-1 / LG-2: events and request lines as pino JSON lines, read back from a real log.
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSessionManager, Keyring } from '../../src/index.js';
import { createLogger, pinoEventSink } from '../../src/logging/index.js';
import { MemoryStore } from '../../src/stores/memory/index.js';
import {
  DEMO_PASSWORD,
  SERVICE_KEY,
  type ServiceProcess,
  startServiceProcess,
} from '../helpers/service-process.js';

function lineSink(): { lines: string[]; destination: Writable } {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _enc, done) {
      lines.push(...chunk.toString().split('\n').filter(Boolean));
      done();
    },
  });
  return { lines, destination };
}
const json = (lines: string[]): Record<string, unknown>[] => lines.map((l) => JSON.parse(l));

describe('the pino event sink', () => {
  it('writes one JSON line per event: UTC time, type, actor, handle, IP, UA, request id — never a token', async () => {
    const { lines, destination } = lineSink();
    const sessions = createSessionManager({
      store: new MemoryStore(),
      secrets: Keyring.generateSecret('k1'),
      events: [pinoEventSink(createLogger({ destination }), { context: () => ({ requestId: 'req-1' }) })],
    });
    const ctx = { ip: '203.0.113.9', userAgent: 'Phone' };
    const { token, session } = await sessions.create({ userId: 'alice' }, ctx);
    await sessions.logout(token, ctx);
    const [created, revoked] = json(lines);
    expect(created).toMatchObject({
      event: 'session.created',
      actor: 'alice',
      sessionId: session.id,
      ip: '203.0.113.9',
      userAgent: 'Phone',
      requestId: 'req-1',
    });
    expect(String(created!.time)).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect(revoked).toMatchObject({ event: 'session.revoked', reason: 'logout', sessionId: session.id });
    expect(lines.join('\n')).not.toContain(token.split('.')[1]!);
  });

  it('censors token, cookie and authorization fields if anything ever hands them to the logger', () => {
    const { lines, destination } = lineSink();
    createLogger({ destination }).info(
      {
        token: 'a.b',
        refreshToken: 'rt_x.y',
        headers: { cookie: '__Host-sid=a.b', authorization: 'Bearer k' },
      },
      'oops',
    );
    const [line] = json(lines);
    expect(line).toMatchObject({
      token: '[redacted]',
      refreshToken: '[redacted]',
      headers: { cookie: '[redacted]', authorization: '[redacted]' },
    });
  });
});

describe('coatcheck serve logs through pino to stdout', () => {
  let service: ServiceProcess;
  beforeAll(async () => {
    service = await startServiceProcess();
  });
  afterAll(() => service.stop());
  const logLines = (): Record<string, unknown>[] =>
    service
      .output()
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l));

  it('escapes CR, LF and control characters from user names and user agents (no forged lines)', async () => {
    const hostile = 'mallory\r\n{"event":"session.created","userId":"admin"}\u001b[2J\u0000';
    const agent = 'Agent\tÜ {"event":"forged"}';
    const res = await fetch(`${service.url}/auth/login`, {
      method: 'POST',
      headers: { 'sec-fetch-site': 'same-origin', 'content-type': 'application/json', 'user-agent': agent },
      body: JSON.stringify({ username: hostile, password: 'wrong' }),
    });
    expect(res.status).toBe(401);
    const requestId = res.headers.get('x-request-id');
    await expect.poll(() => logLines().some((l) => l.event === 'login.failed')).toBe(true);
    const failed = logLines().filter((l) => l.event === 'login.failed');
    expect(failed).toHaveLength(1);
    // An unknown user name is never logged verbatim (it may be a password typed in the wrong field).
    expect(failed[0]).toMatchObject({ userAgent: agent, requestId, ip: '127.0.0.1' });
    expect(failed[0]?.userId).toMatch(/^unknown:[A-Za-z0-9_-]{12}$/);
    const raw = service.output();
    expect(raw).not.toContain('\r');
    expect(raw).not.toContain('\u001b');
    expect(raw).not.toContain('mallory');
    expect(raw).toContain('Agent\\t');
    expect(logLines().filter((l) => l.userId === 'admin')).toEqual([]);
  });

  it('logs events and request lines with the same request id, and no cookie, token or key', async () => {
    const login = await fetch(`${service.url}/auth/login`, {
      method: 'POST',
      headers: {
        'sec-fetch-site': 'same-origin',
        'content-type': 'application/json',
        'x-request-id': 'abc-123',
      },
      body: JSON.stringify({ username: 'alice', password: DEMO_PASSWORD }),
    });
    expect(login.headers.get('x-request-id')).toBe('abc-123');
    const cookie = login.headers.getSetCookie()[0]!.split(';')[0]!;
    const { sessionId } = (await login.json()) as { sessionId: string };
    const injected = await fetch(`${service.url}/me?token=${cookie}`, {
      headers: { cookie, authorization: `Bearer ${SERVICE_KEY}`, 'x-request-id': 'bad id\u00e9' },
    });
    const generated = injected.headers.get('x-request-id')!;
    expect(generated).toMatch(/^[0-9a-f-]{36}$/);
    const created = await fetch(`${service.url}/v1/sessions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${SERVICE_KEY}`, 'content-type': 'application/json' },
      body: JSON.stringify({ userId: 'dave' }),
    });
    const v1Id = created.headers.get('x-request-id');
    await expect.poll(() => logLines().filter((l) => l.requestId === v1Id).length).toBe(2);
    const lines = logLines();
    expect(lines.find((l) => l.event === 'session.created' && l.requestId === 'abc-123')).toMatchObject({
      actor: 'alice',
      sessionId,
      ip: '127.0.0.1',
    });
    expect(lines.find((l) => l.msg === 'request' && l.requestId === generated)).toMatchObject({
      method: 'GET',
      path: '/me',
      status: 200,
    });
    expect(lines.find((l) => l.event === 'session.created' && l.requestId === v1Id)).toMatchObject({
      actor: 'service',
      userId: 'dave',
    });
    const raw = service.output();
    for (const secret of [cookie.split('=')[1]!.split('.')[1]!, SERVICE_KEY])
      expect(raw).not.toContain(secret);
    expect(raw).not.toMatch(/cookie|authorization/i);
  });
});
