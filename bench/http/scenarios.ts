// Who is measured, doing what. Each group compares contenders doing the same work; `baseline`
// names the contender the ratios are taken against.
export interface Contender {
  name: string;
  server: string;
  env?: Record<string, string>;
  /** Uses the benchmark's Redis (commands per request are counted). */
  redis?: boolean;
  /** `service`: signs in through `POST /v1/sessions` with a service key; `redis-benchmark`: no server. */
  kind?: 'service' | 'redis-benchmark' | 'python';
  /** A service contender's call, when not the scenario's (`POST /v1/sessions/validate`). */
  call?: 'refresh' | 'list';
  /** The path this contender is loaded on, when not the scenario's. */
  path?: string;
}

export interface Scenario {
  group: string;
  title: string;
  method: 'GET' | 'POST';
  path: string;
  /** Whether a signed-in cookie is sent (from POST /login once at start). */
  session: boolean;
  /** `login-logout`: alternate POST /login and POST /logout with the cookie each login set. */
  flow?: 'login-logout';
  contenders: Contender[];
  baseline: string;
}

const s = (file: string): string => new URL(`../servers/${file}`, import.meta.url).pathname;

export const CEILINGS: Contender[] = [
  { name: 'bare node:http', server: s('bare-http.ts') },
  { name: 'bare Express 5', server: s('bare-express.ts') },
  { name: 'bare Fastify 5', server: s('bare-fastify.ts') },
  { name: 'redis-benchmark GET (Redis alone)', server: '', kind: 'redis-benchmark', redis: true },
];

// Contenders that appear in several groups, defined once.
const CC_EXPRESS: Contender = {
  name: 'coatcheck, Express 5, Redis',
  server: s('coatcheck-express.ts'),
  redis: true,
};
const CC_FASTIFY: Contender = {
  name: 'coatcheck, Fastify 5, Redis',
  server: s('coatcheck-fastify.ts'),
  redis: true,
};
const CC_HTTP: Contender = {
  name: 'coatcheck, node:http, Redis',
  server: s('coatcheck-http.ts'),
  env: { STORE: 'redis' },
  redis: true,
};
const ES_REDIS: Contender = {
  name: 'express-session + connect-redis',
  server: s('express-session.ts'),
  redis: true,
};
const ES_BRIDGE: Contender = {
  name: 'express-session + CoatcheckSessionStore (Redis)',
  server: s('express-session.ts'),
  env: { PEER_STORE: 'coatcheck' },
  redis: true,
};
const FS_REDIS: Contender = {
  name: '@fastify/session + connect-redis',
  server: s('fastify-session.ts'),
  redis: true,
};
// A Python app behind coatcheck: the same endpoint without and with the session check (the
// service runs on the load core, so the app's core measures the app alone).
const python = (framework: string, file: string, guarded: boolean): Contender => ({
  name: `${framework}${guarded ? ', require_session' : ', no session check'}`,
  server: s(`python/${file}`),
  kind: 'python',
  redis: guarded,
  path: guarded ? '/read' : '/bare',
});

const IRON: Contender = { name: 'iron-session (sealed cookie)', server: s('iron-session.ts') };

export const SCENARIOS: Scenario[] = [
  {
    group: 'read',
    // The hello-world ceilings take their turns in the same rounds, so "share of the bare
    // framework" compares figures measured side by side (they ignore the cookie).
    title: 'Read-only request on an existing session, and the hello-world ceilings',
    method: 'GET',
    path: '/read',
    session: true,
    contenders: [
      ...CEILINGS,
      CC_EXPRESS,
      CC_FASTIFY,
      CC_HTTP,
      {
        name: 'coatcheck, Express 5, memory store',
        server: s('coatcheck-express.ts'),
        env: { STORE: 'memory' },
      },
      { name: 'coatcheck, node:http, memory store', server: s('coatcheck-http.ts') },
      {
        name: 'coatcheck, node:http, sqlite store',
        server: s('coatcheck-http.ts'),
        env: { STORE: 'sqlite' },
      },
      ES_REDIS,
      ES_BRIDGE,
      {
        name: 'express-session + connect-redis, rolling',
        server: s('express-session.ts'),
        env: { ROLLING: '1' },
        redis: true,
      },
      { name: 'express-session MemoryStore', server: s('express-session.ts'), env: { PEER_STORE: 'memory' } },
      FS_REDIS,
      {
        name: '@fastify/session + connect-redis, rolling',
        server: s('fastify-session.ts'),
        env: { ROLLING: '1' },
        redis: true,
      },
      IRON,
    ],
    baseline: 'express-session + connect-redis',
  },
  {
    group: 'write',
    title: 'Write request (session data changed)',
    method: 'POST',
    path: '/write',
    session: true,
    contenders: [CC_EXPRESS, CC_FASTIFY, CC_HTTP, ES_REDIS, ES_BRIDGE, IRON],
    baseline: 'express-session + connect-redis',
  },
  {
    group: 'login',
    title: 'Login (create a session)',
    method: 'POST',
    path: '/login',
    session: false,
    contenders: [CC_EXPRESS, CC_FASTIFY, CC_HTTP, ES_REDIS, FS_REDIS],
    baseline: 'express-session + connect-redis',
  },
  {
    group: 'logout',
    title: 'Login then logout (every logout ends a fresh session; half the requests are each)',
    method: 'POST',
    path: '/login',
    session: false,
    flow: 'login-logout',
    contenders: [CC_EXPRESS, CC_FASTIFY, ES_REDIS, FS_REDIS, IRON],
    baseline: 'express-session + connect-redis',
  },
  {
    group: 'service',
    // The bare Fastify route parses the same JSON body and answers a small JSON object: the
    // ceiling a JSON service call can reach on this machine. The refresh and list calls take
    // their turns in the same rounds, measured against the same ceiling.
    title: 'Service: coatcheck serve on Redis vs a bare Fastify JSON POST',
    method: 'POST',
    path: '/v1/sessions/validate',
    session: false,
    contenders: [
      {
        name: 'coatcheck serve, Redis: POST /v1/sessions/validate',
        server: s('coatcheck-service.ts'),
        kind: 'service',
        redis: true,
      },
      {
        // The same call with the request log at `warn`: what one log line per request costs.
        name: 'coatcheck serve, Redis: POST /v1/sessions/validate, no request log',
        server: s('coatcheck-service.ts'),
        env: { COATCHECK_LOG_LEVEL: 'warn' },
        kind: 'service',
        redis: true,
      },
      {
        name: 'coatcheck serve, Redis: POST /v1/tokens/refresh',
        server: s('coatcheck-service.ts'),
        kind: 'service',
        redis: true,
        call: 'refresh',
      },
      {
        name: 'coatcheck serve, Redis: GET /v1/users/:id/sessions',
        server: s('coatcheck-service.ts'),
        kind: 'service',
        redis: true,
        call: 'list',
      },
      { name: 'bare Fastify 5 (JSON POST)', server: s('bare-fastify.ts'), kind: 'service' },
    ],
    baseline: 'bare Fastify 5 (JSON POST)',
  },
  {
    group: 'python-fastapi',
    title: 'FastAPI under uvicorn (one worker): an endpoint with and without require_session',
    method: 'GET',
    path: '/read',
    session: false,
    contenders: [
      python('FastAPI, uvicorn', 'fastapi_app.py', false),
      python('FastAPI, uvicorn', 'fastapi_app.py', true),
    ],
    baseline: 'FastAPI, uvicorn, no session check',
  },
  {
    group: 'python-django',
    title: 'Django under gunicorn (one gthread worker): an endpoint with and without @require_session',
    method: 'GET',
    path: '/read',
    session: false,
    contenders: [
      python('Django, gunicorn', 'django_app.py', false),
      python('Django, gunicorn', 'django_app.py', true),
    ],
    baseline: 'Django, gunicorn, no session check',
  },
];
