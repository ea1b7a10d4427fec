import { Keyring } from '../keys/keyring.js';
import { KEYSET_DOCUMENT } from '../keys/signing/keyset.js';
import { randomToken } from '../lib/random.js';
import { openStore } from '../server/stores.js';
import type { SessionStore } from '../stores/types.js';
import { parseCommand, STORE_HELP, STORE_OPTIONS } from './args.js';
import { assertStoreExists, storeSettings } from './context.js';
import { nodeVersionProblem } from './node-version.js';

export const DOCTOR_HELP = `Usage: coatcheck doctor [options]

Checks the environment an app (or coatcheck serve) runs with, and changes nothing: the Node.js
version; COATCHECK_SECRETS present and strong; that the store answers reads and runs its scripts
(a no-op on a user that does not exist); whether signing keys are stored. Exit 1 on any problem.
Secrets are never printed and no file is written.
${STORE_HELP}
`;

interface Check {
  check: string;
  ok: boolean;
  detail: string;
}

const failure = (error: unknown): string =>
  `${(error as { code?: string }).code ?? 'ERR_INTERNAL'}: ${(error as Error).message}`;

/** `coatcheck doctor`: read-only checks of the app's environment; exit 1 on any problem. */
export async function runDoctor(args: string[]): Promise<number> {
  const { values } = parseCommand(args, STORE_OPTIONS, DOCTOR_HELP);
  if (values.help) {
    process.stdout.write(DOCTOR_HELP);
    return 0;
  }
  const settings = storeSettings(values);
  const oldNode = nodeVersionProblem();
  const checks: Check[] = [
    { check: 'node', ok: !oldNode, detail: oldNode ?? `Node.js ${process.versions.node}` },
  ];
  checks.push(secretsCheck(settings.secrets, settings.secretsFrom));
  checks.push(...(await storeChecks(settings.storeUrl)));
  const ok = checks.every((c) => c.ok);
  const human = checks.map((c) => `${c.ok ? 'ok  ' : 'FAIL'}  ${c.check}: ${c.detail}`).join('\n');
  process.stdout.write(values.json ? `${JSON.stringify({ ok, checks })}\n` : `${human}\n`);
  return ok ? 0 : 1;
}

function secretsCheck(secrets: string | undefined, from: string | null): Check {
  if (!secrets)
    return {
      check: 'secrets',
      ok: false,
      detail: 'COATCHECK_SECRETS is not set; make one with: coatcheck secret generate',
    };
  try {
    return {
      check: 'secrets',
      ok: true,
      detail: `${Keyring.fromString(secrets).kids.join(', ')} from ${from}`,
    };
  } catch (error) {
    return { check: 'secrets', ok: false, detail: `${from}: ${failure(error)}` };
  }
}

async function storeChecks(storeUrl: string): Promise<Check[]> {
  let store: SessionStore | undefined;
  try {
    assertStoreExists(storeUrl);
    const started = Date.now();
    store = await openStore(storeUrl);
    const keyset = await store.getDocument(KEYSET_DOCUMENT);
    // The scripts' rights, without a change: every session of a user that cannot exist.
    await store.deleteByUser(`coatcheck-doctor:${randomToken(16)}`);
    return [
      {
        check: 'store',
        ok: true,
        detail: `${store.kind} read and ran a script in ${Date.now() - started} ms`,
      },
      {
        check: 'signing keys',
        ok: true,
        detail: keyset ? 'stored' : 'none yet (made when the first access token is issued)',
      },
    ];
  } catch (error) {
    return [{ check: 'store', ok: false, detail: failure(error) }];
  } finally {
    await store?.close().catch(() => {});
  }
}
