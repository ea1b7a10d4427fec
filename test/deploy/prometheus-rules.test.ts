// The alerting rules shipped in deploy/prometheus: valid for promtool, their unit tests pass, and
// a real Prometheus scraping a running `coatcheck serve` finds every series they use.
import { execFile } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type PrometheusProcess, startPrometheus } from '../helpers/prometheus-process.js';
import { waitFor } from '../helpers/redis-servers.js';
import { DEMO_PASSWORD, type ServiceProcess, startServiceProcess } from '../helpers/service-process.js';

const run = promisify(execFile);
const DIR = resolve('deploy/prometheus');
const RULES = join(DIR, 'coatcheck-rules.yml');
const SAME = { 'sec-fetch-site': 'same-origin', 'content-type': 'application/json' };

/** Every metric name the rules' expressions use. */
function seriesInRules(): string[] {
  const names = readFileSync(RULES, 'utf8').match(/\b(?:coatcheck_[a-z_]+|up)(?=\{|\[|\s)/g) ?? [];
  return [...new Set(names)].sort();
}

describe('promtool', () => {
  it('checks the rules', async () => {
    const { stdout } = await run('promtool', ['check', 'rules', RULES]);
    expect(stdout).toContain('SUCCESS: 6 rules found');
  });

  it('passes the rules unit tests', async () => {
    const { stdout } = await run('promtool', ['test', 'rules', 'coatcheck-rules.test.yml'], { cwd: DIR });
    expect(stdout).toContain('SUCCESS');
  });

  it('fails a unit test that expects an alert the rules do not raise', async () => {
    // The unit tests above are only worth something if a wrong expectation fails.
    const dir = mkdtempSync(join(tmpdir(), 'coatcheck-promtool-'));
    try {
      copyFileSync(RULES, join(dir, 'coatcheck-rules.yml'));
      const wrong = readFileSync(join(DIR, 'coatcheck-rules.test.yml'), 'utf8').replace(
        /(alertname: CoatcheckStoreUnavailable\n\s+exp_alerts:) \[\]/,
        '$1\n          - exp_labels: { severity: critical, instance: "a:7300" }',
      );
      writeFileSync(join(dir, 'wrong.test.yml'), wrong);
      const failed = await run('promtool', ['test', 'rules', 'wrong.test.yml'], { cwd: dir }).then(
        () => null,
        (error: { stdout: string; stderr: string }) => error.stdout + error.stderr,
      );
      expect(failed).toMatch(/FAILED[\s\S]*CoatcheckStoreUnavailable, time: 5m/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('a real Prometheus scraping coatcheck serve (SQLite)', () => {
  let prometheus: PrometheusProcess;
  let service: ServiceProcess;
  beforeAll(async () => {
    [prometheus, service] = await Promise.all([startPrometheus([RULES]), startServiceProcess()]);
    prometheus.setTargets([new URL(service.url).host]);
    // Traffic that makes every labelled series appear: a CSRF refusal, a refused token, a login
    // and a request on its session (the unlabelled counters are exported from the start).
    const call = (path: string, init: RequestInit = {}) => fetch(`${service.url}${path}`, init);
    const cross = await call('/auth/login', {
      method: 'POST',
      headers: { ...SAME, 'sec-fetch-site': 'cross-site' },
      body: '{}',
    });
    expect(cross.status).toBe(403);
    expect((await call('/me', { headers: { cookie: '__Host-sid=forged' } })).status).toBe(401);
    const login = await call('/auth/login', {
      method: 'POST',
      headers: SAME,
      body: JSON.stringify({ username: 'alice', password: DEMO_PASSWORD }),
    });
    expect(login.status).toBe(200);
    const cookie = login.headers.getSetCookie()[0]!.split(';')[0]!;
    expect((await call('/me', { headers: { cookie } })).status).toBe(200);
  });
  afterAll(async () => {
    await Promise.all([prometheus?.stop(), service?.stop()]);
  });

  it('finds every series the rules use, and evaluates every rule without error', async () => {
    const names = seriesInRules();
    expect(names).toEqual(
      [
        'coatcheck_csrf_rejected_total',
        'coatcheck_session_validation_failures_total',
        'coatcheck_sessions_validated_total',
        'coatcheck_store_latency_seconds_bucket',
        'coatcheck_store_unavailable_total',
        'coatcheck_refresh_reuse_detected_total',
        'up',
      ].sort(),
    );
    const job = '{job="coatcheck"}';
    await waitFor(async () => {
      const found = await Promise.all(names.map((n) => prometheus.query(`${n}${job}`)));
      return found.every((result) => result.length > 0);
    }, 'every series scraped');
    expect((await prometheus.query(`up${job}`))[0]!.value[1]).toBe('1');
    expect((await prometheus.query(`coatcheck_csrf_rejected_total${job}`))[0]!.metric.reason).toBe(
      'cross-site',
    );
    expect(
      Number((await prometheus.query(`sum(coatcheck_sessions_validated_total${job})`))[0]!.value[1]),
    ).toBe(1);

    await waitFor(async () => {
      const res = await fetch(`${prometheus.url}/api/v1/rules?type=alert`);
      const body = (await res.json()) as {
        data: { groups: { rules: { name: string; health: string }[] }[] };
      };
      const rules = body.data.groups.flatMap((g) => g.rules);
      return rules.length === 6 && rules.every((r) => r.health === 'ok');
    }, 'every rule evaluated');
  });
});
