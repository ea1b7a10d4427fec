import { parseCommand, STORE_HELP, STORE_OPTIONS } from './args.js';
import { type CliContext, openContext } from './context.js';

export const DOCTOR_HELP = `Usage: coatcheck doctor [options]

Checks what coatcheck serve would run with: the configuration (secrets; NODE_ENV=production
refuses weak ones), that the store answers, and that signing keys are published. Exit 1 on any
problem. Secrets are never printed.
${STORE_HELP}
`;

interface Check {
  check: string;
  ok: boolean;
  detail: string;
}

/** `coatcheck doctor`: checks configuration and that the store answers; exit 1 on any problem. */
export async function runDoctor(args: string[]): Promise<number> {
  const { values } = parseCommand(args, STORE_OPTIONS, DOCTOR_HELP);
  if (values.help) {
    process.stdout.write(DOCTOR_HELP);
    return 0;
  }
  const checks: Check[] = [];
  let cli: CliContext | undefined;
  try {
    cli = await openContext(values);
    checks.push({
      check: 'configuration',
      ok: true,
      detail: `secrets ${cli.sessions.options.keyring?.kids.join(', ')}`,
    });
    const started = Date.now();
    await cli.store.getDocument('health');
    checks.push({
      check: 'store',
      ok: true,
      detail: `${cli.store.kind} answered in ${Date.now() - started} ms`,
    });
    const jwks = (await cli.tokens.jwks()).body;
    checks.push({ check: 'signing keys', ok: jwks.keys.length > 0, detail: `${jwks.keys.length} published` });
  } catch (error) {
    const code = (error as { code?: string }).code ?? 'ERR_INTERNAL';
    checks.push({
      check: cli || code === 'ERR_STORE_UNAVAILABLE' ? 'store' : 'configuration',
      ok: false,
      detail: `${code}: ${(error as Error).message}`,
    });
  } finally {
    await cli?.store.close().catch(() => {});
  }
  const ok = checks.every((c) => c.ok);
  const human = checks.map((c) => `${c.ok ? 'ok  ' : 'FAIL'}  ${c.check}: ${c.detail}`).join('\n');
  process.stdout.write(values.json ? `${JSON.stringify({ ok, checks })}\n` : `${human}\n`);
  return ok ? 0 : 1;
}
