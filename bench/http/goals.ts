// The performance targets, checked against the figures of one run: throughput ratios within the
// run (and the same ratio in server CPU per request, steadier on a busy machine), Redis commands
// per read, memory per session.
import type { GroupResult } from './report.ts';
import type { StoreResults } from './store-results.ts';

export interface GoalResult {
  goal: string;
  target: string;
  /** Throughput ratio (or the measured figure). */
  value: number;
  /** The value as the report shows it. */
  shown: string;
  /** The same comparison in server CPU per request (theirs / ours), when it applies. */
  cpuRatio: number | null;
  met: boolean;
}

const SERVICE_VALIDATE = 'coatcheck serve, Redis: POST /v1/sessions/validate';
const BARE_JSON_POST = 'bare Fastify 5 (JSON POST)';

const RATIO_GOALS = [
  [
    'rolling sessions on Redis vs express-session + connect-redis, rolling',
    'coatcheck, Express 5, Redis',
    'express-session + connect-redis, rolling',
    1.5,
  ],
  [
    'non-rolling read vs express-session + connect-redis',
    'coatcheck, Express 5, Redis',
    'express-session + connect-redis',
    1.2,
  ],
  [
    'non-rolling read vs @fastify/session + connect-redis',
    'coatcheck, Fastify 5, Redis',
    '@fastify/session + connect-redis',
    1.2,
  ],
  ['share of bare Express 5 hello world', 'coatcheck, Express 5, Redis', 'bare Express 5', 0.7],
  ['share of bare Fastify 5 hello world', 'coatcheck, Fastify 5, Redis', 'bare Fastify 5', 0.7],
  ['service validate (Redis) vs a bare Fastify 5 JSON POST', SERVICE_VALIDATE, BARE_JSON_POST, 0.6],
  [
    'FastAPI (uvicorn, one worker): require_session vs the same endpoint without it',
    'FastAPI, uvicorn, require_session',
    'FastAPI, uvicorn, no session check',
    0.5,
  ],
  [
    'Django (gunicorn, one worker): @require_session vs the same endpoint without it',
    'Django, gunicorn, require_session',
    'Django, gunicorn, no session check',
    0.5,
  ],
] as const;

export function checkGoals(groups: GroupResult[], store: StoreResults | null | undefined): GoalResult[] {
  const find = (name: string) => groups.flatMap((g) => g.contenders).find((c) => c.name === name);
  const out: GoalResult[] = [];
  for (const [goal, ours, theirs, target] of RATIO_GOALS) {
    const a = find(ours);
    const b = find(theirs);
    if (!a || !b) continue;
    const value = a.rps.median / b.rps.median;
    out.push({
      goal,
      target: `≥ ×${target}`,
      value,
      shown: `×${value.toFixed(2)}`,
      cpuRatio: b.cpuUsPerRequest / a.cpuUsPerRequest,
      met: value >= target,
    });
  }
  const validate = find(SERVICE_VALIDATE);
  const bare = find(BARE_JSON_POST);
  if (validate && bare) {
    const value = validate.p99ms.median / bare.p99ms.median;
    out.push({
      goal: 'service validate p99 vs the bare Fastify 5 JSON POST p99',
      target: '≤ ×2',
      value,
      shown: `×${value.toFixed(2)} (${validate.p99ms.median.toFixed(2)} vs ${bare.p99ms.median.toFixed(2)} ms)`,
      cpuRatio: null,
      met: value <= 2,
    });
  }
  const reads = groups
    .find((g) => g.group === 'read')
    ?.contenders.filter((c) => c.name.startsWith('coatcheck') && c.redisCallsPerRequest > 0);
  if (reads?.length) {
    const worst = Math.max(...reads.map((c) => c.redisCallsPerRequest));
    out.push({
      goal: 'Redis commands per read-only request',
      target: '1',
      value: worst,
      shown: worst.toFixed(2),
      cpuRatio: null,
      met: worst < 1.05,
    });
  }
  if (store) {
    const { coatcheck, connectRedis } = store.bytesPerSession;
    out.push({
      goal: 'bytes per session in Redis vs connect-redis (defaults, UUID ids, ~60 B data)',
      target: '≤ ×1.00',
      value: coatcheck / connectRedis,
      shown: `${Math.round(coatcheck)} vs ${Math.round(connectRedis)} bytes (×${(coatcheck / connectRedis).toFixed(2)})`,
      cpuRatio: null,
      met: coatcheck <= connectRedis,
    });
    const worst = Math.max(...store.table.map((r) => r.coatcheck / r.connectRedis));
    out.push({
      goal: 'bytes per session, worst row of user-id length × data size',
      target: '≤ ×1.10',
      value: worst,
      shown: `×${worst.toFixed(2)}`,
      cpuRatio: null,
      met: worst <= 1.1,
    });
  }
  return out;
}

export function goalLine(g: GoalResult): string {
  const cpu = g.cpuRatio === null ? '' : ` (CPU per request: ×${g.cpuRatio.toFixed(2)})`;
  return `${g.met ? 'met   ' : 'MISSED'}  ${g.goal}: ${g.shown}${cpu}, target ${g.target}`;
}
