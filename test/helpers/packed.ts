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
export function closureOf(appDir: string, name = 'coatcheck'): { packages: string[]; bytes: number } {
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
  const bytes = [...seen.keys()].reduce((sum, dir) => sum + sizeOf(dir), 0);
  return { packages: [...seen.values()].sort(), bytes };
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

/** Apparent size in bytes (what npm reports as "unpacked size"), nested node_modules excluded. */
function sizeOf(path: string): number {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.size;
  return readdirSync(path)
    .filter((entry) => entry !== 'node_modules')
    .reduce((sum, entry) => sum + sizeOf(join(path, entry)), 0);
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
