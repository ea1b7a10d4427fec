// The session core on this runtime: create, validate, rotate, revoke and list, with the session
// data sealed (AES-256-GCM through the runtime's crypto), on the memory store.
import { createSessionManager, Keyring } from '../../dist/index.js';
import { cryptoProvider } from '../../dist/lib/crypto.js';
import { MemoryStore } from '../../dist/stores/memory/index.js';
import { assert, assertEqual, type Check } from './checks.ts';

const store = new MemoryStore();
const manager = createSessionManager({ store, secrets: Keyring.generateSecret('k1'), encryptData: true });
const data = { cart: ['hat', 'scarf'], theme: 'dark' };

export const coreChecks: Check[] = [
  {
    name: `core: crypto provider is ${cryptoProvider}`,
    async run() {
      // Where the runtime offers node:crypto, the core takes the synchronous path (see PERF-NOTES).
      const nodeCrypto =
        typeof process.getBuiltinModule === 'function' && process.getBuiltinModule('node:crypto');
      assertEqual(cryptoProvider, nodeCrypto ? 'node' : 'web', 'the crypto provider');
    },
  },
  {
    name: 'core: create, then validate the token; the data is sealed in the store',
    async run() {
      const { token, session, cookie } = await manager.create({ userId: 'alice', data });
      const valid = await manager.validate(token);
      assertEqual(valid.session?.userId, 'alice', 'validated user');
      assertEqual(valid.session?.data, data, 'opened data');
      const stored = await store.get(session.id);
      assert(stored && !stored.data.includes('scarf'), 'the stored data to be sealed, not plain JSON');
      assert(/^__Host-sid=[^;]+; .*Secure/.test(cookie.header), 'a Secure __Host-sid cookie');
    },
  },
  {
    name: 'core: a tampered or unknown token is refused with ERR_TOKEN_INVALID',
    async run() {
      const { token } = await manager.create({ userId: 'alice' });
      const tampered = `${token.slice(0, -2)}${token.endsWith('AA') ? 'BB' : 'AA'}`;
      const result = await manager.validate(tampered);
      assertEqual([result.session, 'code' in result && result.code], [null, 'ERR_TOKEN_INVALID'], 'tampered');
      assertEqual((await manager.validate('not-a-token')).session, null, 'malformed');
    },
  },
  {
    name: 'core: regenerate rotates id and token, keeps the data, kills the old token',
    async run() {
      const first = await manager.create({ userId: 'bob', data });
      const next = await manager.regenerate(first.token);
      assert(next.session.id !== first.session.id, 'a new session id');
      assertEqual((await manager.validate(first.token)).session, null, 'the old token after rotation');
      assertEqual((await manager.validate(next.token)).session?.data, data, 'data after rotation');
    },
  },
  {
    name: 'core: the device name (bowser) and a hashed IP (HMAC) kept at sign-in',
    async run() {
      const privacy = { ip: 'hashed', userAgent: false } as const;
      const hashing = createSessionManager({ store, secrets: Keyring.generateSecret('k1'), privacy });
      const userAgent =
        'Mozilla/5.0 (iPhone; CPU iPhone OS 18_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.5 Mobile/15E148 Safari/604.1';
      const { session } = await hashing.create({ userId: 'dave' }, { ip: '203.0.113.77', userAgent });
      assertEqual(session.meta.device, 'Safari on iPhone', 'the device name');
      assert(/^hmac:k1:[A-Za-z0-9_-]{16}$/.test(session.meta.ip ?? ''), 'a hashed IP');
      assertEqual(session.meta.userAgent, undefined, 'no User-Agent kept');
    },
  },
  {
    name: 'core: list, revoke one, revoke all others, revoke all',
    async run() {
      const [a, b, c] = await Promise.all([1, 2, 3].map(() => manager.create({ userId: 'carol' })));
      assert(a && b && c, 'three sessions');
      const listed = await manager.list('carol', a.session.id);
      assertEqual(listed.length, 3, 'sessions listed');
      assertEqual(
        listed.filter((s) => s.current).map((s) => s.id),
        [a.session.id],
        'the current one',
      );
      assert(await manager.revoke(b.session.id, { userId: 'carol' }), 'revoke to answer true');
      assertEqual(await manager.revokeAll('carol', { except: a.session.id }), 1, 'revoked others');
      assertEqual((await manager.validate(c.token)).session, null, 'a revoked session');
      assertEqual(await manager.revokeAll('carol'), 1, 'revoked all');
      assertEqual(await manager.list('carol'), [], 'list after revoking all');
    },
  },
  {
    name: 'core: logout revokes and returns the clearing cookie',
    async run() {
      const { token } = await manager.create({ userId: 'dave' });
      const out = await manager.logout(token);
      assert(out.revoked && /Max-Age=0/.test(out.cookie.header), 'revoked, with a Max-Age=0 cookie');
      assertEqual((await manager.validate(token)).session, null, 'the token after logout');
    },
  },
];
