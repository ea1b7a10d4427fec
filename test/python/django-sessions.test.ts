import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testSecrets } from '../helpers/example-process.js';
import { runPytest } from '../helpers/python-process.js';
import { SERVICE_KEY, type ServiceProcess, startServiceProcess } from '../helpers/service-process.js';

// The Django session engine (coatcheck_client.django_sessions) against a real `coatcheck serve`;
// the pytest cases revoke through the Node CLI on the same SQLite store.
const dir = mkdtempSync(join(tmpdir(), 'coatcheck-django-sessions-'));
const store = `sqlite:${join(dir, 'shared.db')}`;
const secrets = testSecrets();
let service: ServiceProcess;

beforeAll(async () => {
  service = await startServiceProcess(['--store', store], { COATCHECK_SECRETS: secrets });
}, 60_000);
afterAll(async () => {
  await service?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('Django session engine on coatcheck serve (clients/python/e2e_django, pytest)', () => {
  it('passes every case, none skipped: methods, sign-in rotation, revocation from Node, outage → 503', async () => {
    const { status, passed, output } = await runPytest('clients/python/e2e_django', {
      COATCHECK_SERVICE_URL: service.url,
      COATCHECK_SERVICE_KEY: SERVICE_KEY,
      COATCHECK_STORE: store,
      COATCHECK_SECRETS: secrets,
      COATCHECK_NODE: process.execPath,
      COATCHECK_CLI: resolve('dist/cli/main.js'),
    });
    expect(status, output).toBe(0);
    expect(passed, output).toBe(16);
    expect(output).not.toMatch(/skipped|xfail|error/i);
  }, 120_000);
});
