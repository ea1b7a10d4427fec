import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { Keyring } from '../../src/keys/keyring.js';
import { openText, sealText } from '../../src/keys/seal.js';
import { hashSecret } from '../../src/session-id/session-token.js';

// The core must run where node:crypto does not exist (Workers, Deno, browsers). This runs the built
// core in a Node process with process.getBuiltinModule removed, so only Web Crypto is reachable,
// and checks that both providers agree byte for byte.
const script = `
  process.getBuiltinModule = undefined;
  const { Keyring } = await import('./dist/keys/keyring.js');
  const { sealText, openText } = await import('./dist/keys/seal.js');
  const { hashSecret } = await import('./dist/session-id/session-token.js');
  const { createCsrfToken } = await import('./dist/csrf/token.js');
  const { cryptoProvider } = await import('./dist/lib/crypto.js');
  const [secrets, sealedByNode] = JSON.parse(process.argv[1]);
  const ring = Keyring.fromString(secrets);
  console.log(JSON.stringify({
    provider: cryptoProvider,
    hash: await hashSecret('abc'),
    csrf: await createCsrfToken(ring, 'session-1'),
    openedNodeSeal: (await openText(ring, sealedByNode, 'ctx', 'scope')).plaintext,
    sealed: await sealText(ring, 'from web crypto', 'ctx', 'scope'),
  }));
`;

describe('Web Crypto fallback', () => {
  it('agrees with the node:crypto provider', async () => {
    const secrets = Keyring.generateSecret('k1');
    const ring = Keyring.fromString(secrets);
    const sealedByNode = await sealText(ring, 'from node', 'ctx', 'scope');
    const out = execFileSync(
      process.execPath,
      ['--input-type=module', '-e', script, JSON.stringify([secrets, sealedByNode])],
      {
        encoding: 'utf8',
      },
    );
    const web = JSON.parse(out) as {
      provider: string;
      hash: string;
      csrf: string;
      openedNodeSeal: string;
      sealed: string;
    };
    const { createCsrfToken } = await import('../../src/csrf/token.js');
    expect(web.provider).toBe('web');
    expect(web.hash).toBe(await hashSecret('abc'));
    expect(web.csrf).toBe(await createCsrfToken(ring, 'session-1'));
    expect(web.openedNodeSeal).toBe('from node');
    expect((await openText(ring, web.sealed, 'ctx', 'scope')).plaintext).toBe('from web crypto');
    await expect(openText(ring, web.sealed, 'ctx', 'other')).rejects.toMatchObject({
      code: 'ERR_DECRYPT_FAILED',
    });
  });
});
