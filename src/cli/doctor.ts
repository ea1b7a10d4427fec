import { openContext } from './context.js';

/** `coatcheck doctor`: checks configuration and that the store answers; exit 1 on any problem. */
export async function runDoctor(args: string[]): Promise<number> {
  const checks: { check: string; ok: boolean; detail: string }[] = [];
  let cli: Awaited<ReturnType<typeof openContext>> | undefined;
  try {
    cli = await openContext(args);
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
    const code = (error as { code?: string }).code ?? 'ERR_UNEXPECTED';
    checks.push({
      check: cli || (error as { code?: string }).code === 'ERR_STORE_UNAVAILABLE' ? 'store' : 'configuration',
      ok: false,
      detail: `${code}: ${(error as Error).message}`,
    });
  } finally {
    await cli?.store.close().catch(() => {});
  }
  const ok = checks.every((c) => c.ok);
  const human = checks.map((c) => `${c.ok ? 'ok  ' : 'FAIL'}  ${c.check}: ${c.detail}`).join('\n');
  process.stdout.write(args.includes('--json') ? `${JSON.stringify({ ok, checks })}\n` : `${human}\n`);
  return ok ? 0 : 1;
}
