import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, request, type Server } from 'node:http';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readyGate } from '../../src/server/ready-gate.js';
import { startService } from '../../src/server/serve.js';

const KEY = `ck_${'p'.repeat(40)}`;

function listen(server: Server): Promise<number> {
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve((server.address() as { port: number }).port)),
  );
}

function get(port: number, path: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    request({ host: '127.0.0.1', port, path, agent: false }, (res) => {
      let body = '';
      res.on('data', (c) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    })
      .on('error', reject)
      .end();
  });
}

describe('start-up: a request that arrives before the app exists', () => {
  it('waits for the app and is answered by it (not a 500)', async () => {
    const gate = readyGate();
    const server = createServer(gate.listener);
    const port = await listen(server);
    const early = get(port, '/early');
    await new Promise((r) => setTimeout(r, 100));
    gate.open((req, res) => res.writeHead(200).end(`served ${req.url}`));
    expect(await early).toEqual({ status: 200, body: 'served /early' });
    expect(await get(port, '/later')).toEqual({ status: 200, body: 'served /later' });
    server.close();
  });

  it('gets a JSON 503 when the app cannot be built', async () => {
    const gate = readyGate();
    const server = createServer(gate.listener);
    const port = await listen(server);
    const early = get(port, '/');
    await new Promise((r) => setTimeout(r, 50));
    gate.fail();
    const answer = await early;
    expect(answer.status).toBe(503);
    expect(JSON.parse(answer.body).error.code).toBe('ERR_STORE_UNAVAILABLE');
    expect((await get(port, '/')).status).toBe(503);
    server.close();
  });
});

describe('the service transport on node:http', () => {
  const dir = mkdtempSync(join(tmpdir(), 'coatcheck-transport-'));
  let service: Awaited<ReturnType<typeof startService>>;
  let port: number;
  beforeAll(async () => {
    service = await startService({
      host: '127.0.0.1',
      port: 0,
      store: 'memory:',
      demo: false,
      dataDir: dir,
      env: { NODE_ENV: 'test', COATCHECK_SERVICE_KEYS: KEY, COATCHECK_LOG_LEVEL: 'silent' },
      say: () => {},
    });
    port = Number(new URL(service.url).port);
  });
  afterAll(async () => {
    await service.close();
    rmSync(dir, { recursive: true, force: true });
  });

  // Sends raw bytes on one socket and collects everything until the server closes or `until` holds.
  function exchange(bytes: string, until: (text: string) => boolean): Promise<string> {
    return new Promise((resolve, reject) => {
      const socket = connect({ host: '127.0.0.1', port });
      let text = '';
      socket.setTimeout(10_000, () => socket.destroy(new Error('no answer')));
      socket.on('data', (c) => {
        text += c;
        if (until(text)) {
          socket.destroy();
          resolve(text);
        }
      });
      socket.on('close', () => resolve(text));
      socket.on('error', reject);
      socket.write(bytes);
    });
  }

  const head = (path: string, extra: string[]) =>
    [`POST ${path} HTTP/1.1`, 'Host: 127.0.0.1', `Authorization: Bearer ${KEY}`, ...extra].join('\r\n');

  it('answers pipelined requests on one keep-alive connection, in order', async () => {
    const body = JSON.stringify({ userId: 'pip' });
    const one = `${head('/v1/sessions', ['Content-Type: application/json', `Content-Length: ${body.length}`])}\r\n\r\n${body}`;
    const two = `GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Request-Id: second\r\n\r\n`;
    const text = await exchange(
      one + two,
      (t) => (t.match(/HTTP\/1\.1 /g) ?? []).length >= 2 && t.endsWith('"memory"}'),
    );
    const statuses = [...text.matchAll(/HTTP\/1\.1 (\d{3})/g)].map((m) => m[1]);
    expect(statuses).toEqual(['201', '200']);
    expect(text).toMatch(/x-request-id: second/i);
    expect(text).not.toMatch(/connection: close/i);
    // Each answer states its length: one write, no chunked framing.
    expect(text).not.toMatch(/transfer-encoding/i);
    expect(text.match(/content-length: \d+/gi)).toHaveLength(2);
  });

  it('reads chunked bodies, and refuses one that grows past 64 KiB with 413 and a closed connection', async () => {
    const body = JSON.stringify({ userId: 'chunky' });
    const chunked = (parts: string[]) =>
      `${parts.map((p) => `${Buffer.byteLength(p).toString(16)}\r\n${p}\r\n`).join('')}0\r\n\r\n`;
    const ok = await exchange(
      `${head('/v1/sessions', ['Content-Type: application/json', 'Transfer-Encoding: chunked'])}\r\n\r\n${chunked([body.slice(0, 5), body.slice(5)])}`,
      (t) => t.includes('"token"'),
    );
    expect(ok).toMatch(/^HTTP\/1\.1 201/);
    const big = 'x'.repeat(40 * 1024);
    const refused = await exchange(
      `${head('/v1/sessions', ['Content-Type: application/json', 'Transfer-Encoding: chunked'])}\r\n\r\n${chunked([big, big])}`,
      () => false,
    );
    expect(refused).toMatch(/^HTTP\/1\.1 413/);
    expect(refused).toMatch(/connection: close/i);
    expect(refused).toContain('ERR_BODY_TOO_LARGE');
  });

  it('answers 401 before reading the route, and 404 for an unknown /v1 path with a key', async () => {
    const unknown = await exchange(
      `GET /v1/nothing HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`,
      () => false,
    );
    expect(unknown).toMatch(/^HTTP\/1\.1 401/);
    expect(unknown).toMatch(/www-authenticate: Bearer/i);
    const keyed = await exchange(
      `GET /v1/nothing HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${KEY}\r\nConnection: close\r\n\r\n`,
      () => false,
    );
    expect(keyed).toMatch(/^HTTP\/1\.1 404/);
    expect(keyed).toContain('ERR_NOT_FOUND');
  });
});
