// The package as users get it: `npm pack`, installed with production dependencies only into a
// fresh directory. It must stay lean (jose and bowser are the runtime dependencies), the README's quick
// start must run as written (JavaScript, and TypeScript under `tsc --init`'s strict defaults), and
// the CLI must work without the optional peers, saying what to install when a command needs one.
import { execFile, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { waitForListening } from '../helpers/listening-process.js';
import { closureOf, installApp, installedPackages, npm, packTarball } from '../helpers/packed.js';

const run = promisify(execFile);
const SERVICE_PACKAGES = ['hono', '@hono/node-server', 'zod', 'pino', 'prom-client', 'cli-progress'];
const readme = readFileSync('README.md', 'utf8');
// The first ```ts block after the Quick start heading: the app, exactly as the README shows it.
const quickStart = /## Quick start[\s\S]*?```ts\n([\s\S]*?)```/.exec(readme)?.[1] ?? '';
const dirs: string[] = [];
let tarball = '';

beforeAll(async () => {
  const packDir = mkdtempSync(join(tmpdir(), 'coatcheck-pack-'));
  dirs.push(packDir);
  tarball = await packTarball(packDir);
}, 120_000);
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/**
 * Runs the installed `coatcheck` bin as `npx coatcheck` would (node_modules/.bin, on the PATH's
 * Node 24); with `node`, the CLI's entry file on that Node instead.
 */
async function coatcheck(
  dir: string,
  args: string[],
  env: Record<string, string> = {},
  node?: string,
): Promise<{ code: number; out: string; err: string }> {
  const [file, argv] = node
    ? [node, [join(dir, 'node_modules/coatcheck/dist/cli/main.js'), ...args]]
    : [join(dir, 'node_modules/.bin/coatcheck'), args];
  try {
    const { stdout, stderr } = await run(file, argv, {
      cwd: dir,
      env: {
        PATH: `${dirname(process.execPath)}:${process.env.PATH ?? ''}`,
        HOME: process.env.HOME ?? dir,
        ...env,
      },
    });
    return { code: 0, out: stdout, err: stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, out: e.stdout, err: e.stderr };
  }
}

/** Starts the app file, signs in as the README's curl does, and reads /me with the cookie. */
async function signIn(dir: string, file: string, env: Record<string, string>): Promise<void> {
  const port = await freePort();
  const child = spawn(process.execPath, [file], {
    cwd: dir,
    env: { PATH: process.env.PATH ?? '', ...env, PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const app = await waitForListening(child, file, 20_000);
  try {
    const base = `http://127.0.0.1:${port}`;
    // The quick start keeps the default key prefix on the shared test Redis: a user of its own
    // keeps other suites' users (alice, bob) out of its way, and its own out of theirs.
    const user = `quickstart-${process.pid}-${Math.random().toString(36).slice(2)}`;
    const body = JSON.stringify({ user, password: env.DEMO_PASSWORD });
    const headers = { 'content-type': 'application/json' };
    expect(
      (await fetch(`${base}/login`, { method: 'POST', headers, body: JSON.stringify({ user }) })).status,
    ).toBe(401);
    const login = await fetch(`${base}/login`, { method: 'POST', headers, body });
    expect(login.status).toBe(200);
    expect(((await login.json()) as { csrfToken: string }).csrfToken).toEqual(expect.any(String));
    const cookie = login.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/^__Host-sid=[^;]+;.*Secure/);
    const me = await fetch(`${base}/me`, { headers: { cookie: cookie.split(';')[0]! } });
    expect(await me.json()).toEqual({ userId: user });
    expect((await fetch(`${base}/me`)).status).toBe(401);
  } finally {
    await app.stop();
  }
}

describe('a library-only install for an Express + Redis app', () => {
  let app = '';
  beforeAll(async () => {
    app = await installApp([tarball, 'express', 'redis']);
    dirs.push(app);
  }, 180_000);

  it('brings coatcheck, jose and bowser and nothing of the service stack: ≤ 3 packages, ≤ 4 MiB unpacked', () => {
    const { packages, bytes, diskBytes } = closureOf(app);
    const mb = (n: number): string => `${(n / 1024 / 1024).toFixed(2)} MiB`;
    console.info(
      `coatcheck install: ${packages.join(', ')}; ${mb(bytes)} unpacked, ${mb(diskBytes)} on disk`,
    );
    expect(packages).toEqual(['bowser', 'coatcheck', 'jose']);
    expect(packages.length).toBeLessThanOrEqual(3);
    expect(bytes).toBeLessThanOrEqual(4 * 1024 * 1024);
    // On disk every file takes whole 4 KiB blocks: bowser's 17 files (0.4 MiB on disk for 0.3 MiB of
    // bytes, half of it a polyfilled bundle coatcheck never loads) took the install from 3.6 to 4.03.
    expect(diskBytes).toBeLessThanOrEqual(4.5 * 1024 * 1024);
    const installed = installedPackages(app);
    for (const name of SERVICE_PACKAGES) expect(installed).not.toContain(name);
    // The guides ship in the package, so the README's relative links resolve on the package page.
    for (const link of readme.matchAll(/\]\((docs\/[^)#]+)/g))
      expect(existsSync(join(app, 'node_modules/coatcheck', link[1]!)), link[1]).toBe(true);
  });

  it('ships every file the shipped guides link to (examples, deployment files)', () => {
    const root = join(app, 'node_modules/coatcheck');
    const guides = readdirSync(join(root, 'docs'), { recursive: true, encoding: 'utf8' })
      .filter((name) => name.endsWith('.md'))
      .map((name) => join(root, 'docs', name));
    expect(guides.length).toBeGreaterThan(10);
    const dead: string[] = [];
    for (const guide of guides) {
      for (const [, target] of readFileSync(guide, 'utf8').matchAll(/\]\(([^)#\s]+)[^)]*\)/g)) {
        if (/^[a-z]+:/.test(target!)) continue;
        if (!existsSync(join(dirname(guide), target!))) dead.push(`${guide.slice(root.length)} → ${target}`);
      }
    }
    expect(dead).toEqual([]);
  });

  it("runs the README's quick start as written, as JavaScript", async () => {
    expect(quickStart.split('\n').length).toBeLessThanOrEqual(30);
    writeFileSync(join(app, 'server.js'), quickStart);
    const secrets = (await coatcheck(app, ['secret', 'generate'])).out.trim();
    expect(secrets).toMatch(/^k1:/);
    const env = {
      COATCHECK_SECRETS: secrets,
      DEMO_PASSWORD: 'choose-one',
      REDIS_URL: inject('redis').standalone,
    };
    await signIn(app, 'server.js', env);
  }, 60_000);

  it("typechecks under `tsc --init` with the README's one change, and runs as TypeScript", async () => {
    await npm(app, ['install', '-D', '--no-audit', '--prefer-offline', '@types/node', '@types/express']);
    const tsc = join(process.cwd(), 'node_modules/.bin/tsc');
    await run(tsc, ['--init'], { cwd: app });
    const config = readFileSync(join(app, 'tsconfig.json'), 'utf8');
    // The generated defaults are the strict ones TypeScript 7 makes standard.
    expect(config).toMatch(/^\s*"exactOptionalPropertyTypes": true/m);
    expect(config).toMatch(/^\s*"strict": true/m);
    writeFileSync(join(app, 'tsconfig.json'), config.replace('"types": []', '"types": ["node"]'));
    writeFileSync(join(app, 'server.ts'), quickStart);
    const checked = await run(tsc, ['--noEmit', '-p', '.'], { cwd: app }).catch(
      (e) => e as { stdout: string },
    );
    expect(checked.stdout).toBe('');
    const secrets = (await coatcheck(app, ['secret', 'generate'])).out.trim();
    const env = {
      COATCHECK_SECRETS: secrets,
      DEMO_PASSWORD: 'another-one',
      REDIS_URL: inject('redis').standalone,
    };
    await signIn(app, 'server.ts', env);
  }, 120_000);
});

describe('the CLI from the tarball, without redis or the service packages', () => {
  let bare = '';
  beforeAll(async () => {
    bare = await installApp([tarball]);
    dirs.push(bare);
  }, 120_000);

  it('installs exactly coatcheck, jose and bowser', () => {
    expect(installedPackages(bare).sort()).toEqual(['bowser', 'coatcheck', 'jose']);
  });

  it('answers --help, secret generate and service-key generate', async () => {
    const help = await coatcheck(bare, ['--help']);
    expect(help.code).toBe(0);
    expect(help.out).toContain('service-key generate');
    expect((await coatcheck(bare, ['sessions', '--help'])).code).toBe(0);
    expect((await coatcheck(bare, ['serve', '--help'])).out).toContain('Usage: coatcheck serve');
    expect((await coatcheck(bare, ['secret', 'generate'])).out).toMatch(/^k1:[A-Za-z0-9_-]{43}\n$/);
    expect((await coatcheck(bare, ['service-key', 'generate'])).out).toMatch(/^ck_[A-Za-z0-9_-]{43}\n$/);
  });

  it('names the package to install when a command needs one', async () => {
    const secrets = (await coatcheck(bare, ['secret', 'generate'])).out.trim();
    const redis = await coatcheck(bare, ['sessions', 'list', 'alice', '--store', 'redis://127.0.0.1:1'], {
      COATCHECK_SECRETS: secrets,
    });
    expect(redis.code).toBe(1);
    expect(redis.err).toContain('npm install redis');
    const serve = await coatcheck(bare, ['serve']);
    expect(serve.code).toBe(1);
    expect(serve.err).toContain('npm install hono @hono/node-server zod pino prom-client');
  });

  it('doctor checks the app environment and writes nothing', async () => {
    const before = readdirSync(bare).sort();
    const doctor = await coatcheck(bare, ['doctor', '--json']);
    expect(doctor.code).toBe(1);
    const report = JSON.parse(doctor.out) as { checks: { check: string; ok: boolean; detail: string }[] };
    expect(report.checks.find((c) => c.check === 'node')?.ok).toBe(true);
    expect(report.checks.find((c) => c.check === 'secrets')).toMatchObject({ ok: false });
    expect(report.checks.find((c) => c.check === 'secrets')?.detail).toContain('coatcheck secret generate');
    expect((await coatcheck(bare, ['sessions', 'list', 'alice'])).code).toBe(1);
    expect((await coatcheck(bare, ['keys', 'list'])).code).toBe(1);
    expect(readdirSync(bare).sort()).toEqual(before);
  });

  it('on an old Node, says which Node it needs before loading anything', async () => {
    // Debian's own Node (20) is the old one on this machine.
    const old = await coatcheck(bare, ['secret', 'generate'], {}, '/usr/bin/node');
    expect(old.code).toBe(1);
    expect(old.err).toMatch(/^coatcheck needs Node\.js 24 or later; this is Node\.js 20\./);
    expect(old.out).toBe('');
  });
});
