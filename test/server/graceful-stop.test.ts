// `coatcheck serve` stopping as a load balancer needs it (drain.ts): on SIGTERM /readyz answers
// 503 at once while requests are still served, the listener closes only after the drain delay, a
// request in flight finishes, and the process exits 0. Real processes and sockets.
import { connect, type Socket } from 'node:net';
import { describe, expect, it } from 'vitest';
import { waitFor } from '../helpers/redis-servers.js';
import { SERVICE_KEY, startServiceProcess } from '../helpers/service-process.js';

const BODY = JSON.stringify({ userId: 'in-flight' });

/** A POST /v1/sessions whose body is only half sent: the request stays in flight until `finish`. */
function halfSentRequest(port: number): Promise<{ socket: Socket; finish(): Promise<string> }> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => {
      const half = Math.floor(BODY.length / 2);
      socket.write(
        [
          'POST /v1/sessions HTTP/1.1',
          'Host: 127.0.0.1',
          `Authorization: Bearer ${SERVICE_KEY}`,
          'Content-Type: application/json',
          `Content-Length: ${BODY.length}`,
          '',
          BODY.slice(0, half),
        ].join('\r\n'),
      );
      let answer = '';
      socket.on('data', (c: Buffer) => (answer += c));
      const ended = new Promise<string>((done) => socket.once('close', () => done(answer)));
      resolve({
        socket,
        finish: () => {
          socket.write(BODY.slice(half));
          return ended;
        },
      });
    });
    socket.once('error', reject);
  });
}

const refused = (port: number): Promise<boolean> =>
  new Promise((resolve) => {
    const probe = connect(port, '127.0.0.1');
    probe.once('connect', () => probe.destroy() && resolve(false));
    probe.once('error', () => resolve(true));
  });

describe('coatcheck serve: graceful stop', () => {
  it('drains on SIGTERM: readiness off, still serving, then no new connections, the request in flight finished, exit 0', async () => {
    const drainMs = 1000;
    const service = await startServiceProcess([], { COATCHECK_DRAIN_DELAY_MS: String(drainMs) });
    const port = Number(new URL(service.url).port);
    expect((await fetch(`${service.url}/readyz`)).status).toBe(200);
    const inFlight = await halfSentRequest(port);

    const signalled = Date.now();
    process.kill(service.pid, 'SIGTERM');
    await waitFor(async () => (await fetch(`${service.url}/readyz`)).status === 503, 'readyz 503', 5000);
    const ready = await fetch(`${service.url}/readyz`);
    expect(await ready.json()).toEqual({ status: 'draining' });
    expect(ready.headers.get('connection')).toBe('close');
    // Draining is not stopped: other requests are still answered.
    expect((await fetch(`${service.url}/healthz`)).status).toBe(200);

    await waitFor(() => refused(port), 'the listener to close', 10_000);
    expect(Date.now() - signalled).toBeGreaterThanOrEqual(drainMs);
    // The listener is closed, yet the process waits for the request it is in the middle of.
    expect(await Promise.race([service.exited.then(() => 'exited'), sleep(300).then(() => 'alive')])).toBe(
      'alive',
    );
    const answer = await inFlight.finish();
    expect(answer).toMatch(/^HTTP\/1\.1 201 /);
    // …and `finish` resolved: the service closed that keep-alive connection once it went idle.
    expect(await service.exited).toBe(0);
    await service.stop();
  });

  it('cuts a request that outlasts COATCHECK_SHUTDOWN_TIMEOUT_MS and still exits 0', async () => {
    const service = await startServiceProcess([], { COATCHECK_SHUTDOWN_TIMEOUT_MS: '500' });
    const stuck = await halfSentRequest(Number(new URL(service.url).port));
    const closed = new Promise<void>((resolve) => stuck.socket.once('close', () => resolve()));
    const signalled = Date.now();
    process.kill(service.pid, 'SIGTERM');
    await closed;
    expect(Date.now() - signalled).toBeGreaterThanOrEqual(450);
    expect(await service.exited).toBe(0);
    await service.stop();
  });

  it('stops at once on a second signal', async () => {
    const service = await startServiceProcess([], { COATCHECK_DRAIN_DELAY_MS: '60000' });
    process.kill(service.pid, 'SIGTERM');
    await waitFor(async () => (await fetch(`${service.url}/readyz`)).status === 503, 'readyz 503', 5000);
    process.kill(service.pid, 'SIGTERM');
    // Ended by the signal itself (no exit code), long before the minute of draining.
    expect(await service.exited).toBeNull();
    await service.stop();
  });
});

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
