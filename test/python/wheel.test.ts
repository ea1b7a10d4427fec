import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testSecrets } from '../helpers/example-process.js';
import { PYTHON } from '../helpers/python-process.js';
import { SERVICE_KEY, type ServiceProcess, startServiceProcess } from '../helpers/service-process.js';

const run = promisify(execFile);
const dir = mkdtempSync(join(tmpdir(), 'coatcheck-wheel-'));
const venv = join(dir, 'venv');
let service: ServiceProcess;

beforeAll(async () => {
  service = await startServiceProcess(['--store', 'memory:'], { COATCHECK_SECRETS: testSecrets() });
}, 60_000);
afterAll(async () => {
  await service?.stop();
  rmSync(dir, { recursive: true, force: true });
});

// Run from a directory of its own, without PYTHONPATH: only the installed wheel can answer.
const CHECK = `
import json, os, sys
from importlib import resources
import coatcheck_client
from coatcheck_client import CoatcheckClient, Settings
settings = Settings.from_env(os.environ)
with settings.client() as client:
    issued = client.create("wheel-user", meta={"label": "wheel"})
    session = client.validate(issued.token).session
print(json.dumps({
    "file": coatcheck_client.__file__,
    "typed": resources.files("coatcheck_client").joinpath("py.typed").is_file(),
    "userId": session.user_id,
    "prefix": sys.prefix,
}))
`;

describe('the Python client as an installable wheel (npm run build:python)', () => {
  it('builds, installs into a fresh virtual environment, and talks to a running service', async () => {
    await run('bash', ['scripts/build-python.sh'], { timeout: 120_000 });
    const version = (JSON.parse(readFileSync('package.json', 'utf8')) as { version: string }).version;
    const wheels = readdirSync('dist/python');
    expect(wheels).toEqual([`coatcheck_client-${version}-py3-none-any.whl`]);
    // --system-site-packages: httpx, PyJWT and cryptography come from Debian (no package index is
    // reachable); pip checks the wheel's requirements against them and downloads nothing.
    await run(PYTHON, ['-m', 'venv', '--system-site-packages', venv], { timeout: 120_000 });
    const wheel = resolve('dist/python', wheels[0]!);
    await run(join(venv, 'bin', 'pip'), ['install', '--no-index', '--disable-pip-version-check', wheel], {
      cwd: dir,
      timeout: 120_000,
    });
    const { stdout: files } = await run(join(venv, 'bin', 'pip'), ['show', '--files', 'coatcheck-client'], {
      cwd: dir,
    });
    expect(files).toContain('coatcheck_client/py.typed');
    expect(files).toContain('coatcheck_client/error_codes.json');
    const { stdout } = await run(join(venv, 'bin', 'python'), ['-c', CHECK], {
      cwd: dir,
      env: {
        PATH: process.env.PATH ?? '',
        COATCHECK_SERVICE_URL: service.url,
        COATCHECK_SERVICE_KEY: SERVICE_KEY,
      },
      timeout: 60_000,
    });
    const result = JSON.parse(stdout) as { file: string; typed: boolean; userId: string; prefix: string };
    expect(result.prefix).toBe(venv);
    expect(result.file.startsWith(join(venv, 'lib'))).toBe(true);
    expect(result.typed).toBe(true);
    expect(result.userId).toBe('wheel-user');
  }, 240_000);
});
