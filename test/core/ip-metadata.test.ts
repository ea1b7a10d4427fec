// An IPv4 client of a dual-stack server arrives as ::ffff:a.b.c.d; device lists show 127.0.0.1.
import type { AddressInfo } from 'node:net';
import express from 'express';
import { describe, expect, it } from 'vitest';
import { coatcheck } from '../../src/adapters/express/index.js';
import { createSessionManager, Keyring } from '../../src/index.js';
import { unmapIPv4 } from '../../src/lib/ip.js';
import { MemoryStore } from '../../src/stores/memory/index.js';

describe('IPv4-mapped IPv6 addresses in session metadata', () => {
  it('unmapIPv4 turns only a mapped IPv4 address into its IPv4 form', () => {
    expect(unmapIPv4('::ffff:127.0.0.1')).toBe('127.0.0.1');
    expect(unmapIPv4('::FFFF:10.1.2.3')).toBe('10.1.2.3');
    for (const kept of ['127.0.0.1', '::1', '2001:db8::1', '::ffff:7f00:1', 'not an ip', '::ffff:1.2.3'])
      expect(unmapIPv4(kept)).toBe(kept);
  });

  it('the manager stores the IPv4 form, whatever the caller passes', async () => {
    const sessions = createSessionManager({
      store: new MemoryStore(),
      secrets: Keyring.generateSecret('k1'),
    });
    await sessions.create({ userId: 'alice' }, { ip: '::ffff:192.0.2.7' });
    expect((await sessions.list('alice')).map((s) => s.ip)).toEqual(['192.0.2.7']);
  });

  it('a real request over IPv4 to a dual-stack Express server lists 127.0.0.1', async () => {
    const sessions = createSessionManager({
      store: new MemoryStore(),
      secrets: Keyring.generateSecret('k1'),
    });
    const app = express();
    app.use(coatcheck(sessions, { trustedOrigins: [] }));
    app.post('/login', async (req, res) => {
      await req.coatcheck.login({ userId: 'bob' });
      res.json({ seen: req.socket.remoteAddress });
    });
    // A dual-stack listener (::, as app.listen() picks by default) reached over IPv4: the socket
    // reports ::ffff:127.0.0.1.
    const server = app.listen(0, '::');
    await new Promise((resolve) => server.once('listening', resolve));
    const { port } = server.address() as AddressInfo;
    const res = await fetch(`http://127.0.0.1:${port}/login`, {
      method: 'POST',
      headers: { 'sec-fetch-site': 'same-origin' },
    });
    await new Promise((resolve) => server.close(resolve));
    expect(res.status).toBe(200);
    expect(((await res.json()) as { seen: string }).seen).toBe('::ffff:127.0.0.1');
    expect((await sessions.list('bob')).map((s) => s.ip)).toEqual(['127.0.0.1']);
  });
});
