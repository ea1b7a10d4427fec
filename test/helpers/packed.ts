// Installs the packed coatcheck tarball the way a user would: a fresh directory, production
// dependencies only, from the npm registry (the local npm cache keeps it fast and offline-friendly).
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const npmEnv = { ...process.env, npm_config_update_notifier: 'false', npm_config_fund: 'false' };

/** `npm pack` of the working tree (after the build): the path of the tarball. */
export async function packTarball(into: string): Promise<string> {
  const { stdout } = await run('npm', ['pack', '--json', '--pack-destination', into], { env: npmEnv });
  const [{ filename }] = JSON.parse(stdout) as [{ filename: string }];
  return join(into, filename);
}

/** A fresh ESM app directory with `packages` installed as production dependencies. */
export async function installApp(packages: string[]): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'coatcheck-app-'));
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'app', private: true, type: 'module' }));
  await npm(dir, ['install', '--omit=dev', '--no-audit', '--prefer-offline', ...packages]);
  return dir;
}

/** Runs npm in `dir` (CI=true is fine: npm only turns its progress output off). */
export async function npm(dir: string, args: string[]): Promise<string> {
  const { stdout } = await run('npm', args, { cwd: dir, env: npmEnv, maxBuffer: 16 * 1024 * 1024 });
  return stdout;
}

/** The installed packages coatcheck brings (itself and its dependency closure, not its peers). */
export function closureOf(
  appDir: string,
  name = 'coatcheck',
): { packages: string[]; bytes: number; diskBytes: number } {
  const seen = new Map<string, string>();
  const visit = (pkg: string, from: string): void => {
    const dir = resolvePackage(pkg, from, appDir);
    if (!dir || seen.has(dir)) return;
    seen.set(dir, pkg);
    const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as {
      dependencies?: Record<string, string>;
    };
    for (const dep of Object.keys(manifest.dependencies ?? {})) visit(dep, dir);
  };
  visit(name, appDir);
  const dirs = [...seen.keys()];
  const bytes = dirs.reduce((sum, dir) => sum + sizeOf(dir, 'apparent'), 0);
  const diskBytes = dirs.reduce((sum, dir) => sum + sizeOf(dir, 'disk'), 0);
  return { packages: [...seen.values()].sort(), bytes, diskBytes };
}

// Node's lookup: the nearest node_modules/<pkg> walking up from the requiring package.
function resolvePackage(pkg: string, from: string, root: string): string | undefined {
  for (let dir = from; dir.startsWith(root); dir = dirname(dir)) {
    const candidate = join(dir, 'node_modules', pkg);
    if (existsSync(join(candidate, 'package.json'))) return candidate;
    if (dir === root) break;
  }
  return undefined;
}

/**
 * Size in bytes, nested node_modules excluded: `apparent` is what npm reports as "unpacked size",
 * `disk` the blocks used, as `du` counts them (small files cost a whole block).
 */
function sizeOf(path: string, kind: 'apparent' | 'disk'): number {
  const stat = statSync(path);
  const own = kind === 'disk' ? stat.blocks * 512 : stat.isDirectory() ? 0 : stat.size;
  if (!stat.isDirectory()) return own;
  return readdirSync(path)
    .filter((entry) => entry !== 'node_modules')
    .reduce((sum, entry) => sum + sizeOf(join(path, entry), kind), own);
}

/** Every package directory under an app's node_modules (scoped ones as @scope/name). */
export function installedPackages(appDir: string): string[] {
  const root = join(appDir, 'node_modules');
  return readdirSync(root)
    .filter((entry) => !entry.startsWith('.'))
    .flatMap((entry) =>
      entry.startsWith('@') ? readdirSync(join(root, entry)).map((sub) => `${entry}/${sub}`) : [entry],
    );
}
