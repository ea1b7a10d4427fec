import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testSecrets } from '../helpers/example-process.js';
import { runPytest } from '../helpers/python-process.js';
import { SERVICE_KEY, type ServiceProcess, startServiceProcess } from '../helpers/service-process.js';

// The Python framework helpers against a real `coatcheck serve`: async Django views (ASGI and
// WSGI chains), sign-in from Django and FastAPI, and a wrong service key or URL.
let service: ServiceProcess;

beforeAll(async () => {
  service = await startServiceProcess(['--store', 'memory:'], { COATCHECK_SECRETS: testSecrets() });
}, 60_000);
afterAll(async () => {
  await service?.stop();
});

describe('Python framework helpers on coatcheck serve (clients/python/e2e_helpers, pytest)', () => {
  it('passes every case, none skipped', async () => {
    const { status, passed, output } = await runPytest('clients/python/e2e_helpers', {
      COATCHECK_SERVICE_URL: service.url,
      COATCHECK_SERVICE_KEY: SERVICE_KEY,
    });
    expect(status, output).toBe(0);
    expect(passed, output).toBe(6);
    expect(output).not.toMatch(/skipped|xfail|error/i);
  }, 120_000);
});
