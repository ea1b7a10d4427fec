// The service API described once, as data: the OpenAPI 3.1 document is built from this table, and
// the route tests check every described route exists and answers with the listed statuses.
type Schema = Record<string, unknown>;

const str = (max = 512): Schema => ({ type: 'string', minLength: 1, maxLength: max });
const obj: Schema = { type: 'object' };
const error: Schema = {
  type: 'object',
  required: ['error'],
  properties: {
    error: { type: 'object', required: ['code', 'message'], properties: { code: str(), message: str() } },
  },
};
const session: Schema = {
  type: 'object',
  properties: {
    id: str(),
    userId: str(256),
    data: obj,
    version: { type: 'integer' },
    createdAt: { type: 'integer' },
    lastSeenAt: { type: 'integer' },
    idleExpiresAt: { type: 'integer' },
    absoluteExpiresAt: { type: 'integer' },
    authTime: { type: 'integer' },
    meta: obj,
  },
};
const tokenPair: Schema = {
  type: 'object',
  properties: {
    accessToken: str(4096),
    refreshToken: str(),
    tokenType: { const: 'Bearer' },
    expiresIn: { type: 'integer' },
  },
};

interface Route {
  method: 'get' | 'post' | 'patch' | 'delete';
  path: string;
  summary: string;
  body?: Schema;
  ok: [number, Schema | null];
  errors: number[];
}

export const V1_ROUTES: Route[] = [
  {
    method: 'post',
    path: '/v1/sessions',
    summary: 'Create a session',
    body: { type: 'object', required: ['userId'], properties: { userId: str(256), data: obj, meta: obj } },
    ok: [201, { type: 'object', properties: { token: str(), session } }],
    errors: [400, 401, 429, 503],
  },
  {
    method: 'post',
    path: '/v1/sessions/validate',
    summary: 'Validate a session token',
    body: { type: 'object', required: ['token'], properties: { token: str(), csrfToken: str(128) } },
    ok: [200, { type: 'object', properties: { session, csrfValid: { type: 'boolean' } } }],
    errors: [400, 401, 503],
  },
  {
    method: 'post',
    path: '/v1/sessions/regenerate',
    summary: 'Rotate a session token (old token dies)',
    body: {
      type: 'object',
      required: ['token'],
      properties: { token: str(), reauthenticated: { type: 'boolean' } },
    },
    ok: [200, { type: 'object', properties: { token: str(), session } }],
    errors: [400, 401, 503],
  },
  {
    method: 'patch',
    path: '/v1/sessions/{id}/data',
    summary: 'Replace session data (compare-and-set with version)',
    body: {
      type: 'object',
      required: ['data'],
      properties: { data: obj, version: { type: 'integer', minimum: 0 } },
    },
    ok: [200, obj],
    errors: [400, 401, 409, 503],
  },
  {
    method: 'delete',
    path: '/v1/sessions/{id}',
    summary: 'Revoke one session',
    ok: [204, null],
    errors: [401, 404, 503],
  },
  {
    method: 'get',
    path: '/v1/users/{userId}/sessions',
    summary: "A user's sessions",
    ok: [200, { type: 'object', properties: { sessions: { type: 'array', items: obj } } }],
    errors: [401, 503],
  },
  {
    method: 'delete',
    path: '/v1/users/{userId}/sessions',
    summary: "Revoke a user's sessions (all, or all but ?except=)",
    ok: [200, { type: 'object', properties: { revoked: { type: 'integer' } } }],
    errors: [401, 503],
  },
  {
    method: 'post',
    path: '/v1/tokens',
    summary: 'Issue access and refresh tokens for a session',
    body: { type: 'object', required: ['token'], properties: { token: str() } },
    ok: [200, tokenPair],
    errors: [400, 401, 503],
  },
  {
    method: 'post',
    path: '/v1/tokens/refresh',
    summary: 'Rotate a refresh token',
    body: { type: 'object', required: ['refreshToken'], properties: { refreshToken: str() } },
    ok: [200, tokenPair],
    errors: [400, 401, 409, 503],
  },
  {
    method: 'post',
    path: '/v1/keys/rotate',
    summary: 'Publish the next signing key',
    ok: [200, { type: 'object', properties: { kid: str() } }],
    errors: [401, 503],
  },
];

/** The OpenAPI 3.1 document of the service API. */
export function openApiDocument(serverUrl: string): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const r of V1_ROUTES) {
    const params = [...r.path.matchAll(/\{(\w+)\}/g)].map((m) => ({
      name: m[1],
      in: 'path',
      required: true,
      schema: { type: 'string' },
    }));
    const responses: Record<string, unknown> = {
      [String(r.ok[0])]: r.ok[1]
        ? { description: 'OK', content: { 'application/json': { schema: r.ok[1] } } }
        : { description: 'Done' },
    };
    for (const code of r.errors)
      responses[String(code)] = { description: 'Error', content: { 'application/json': { schema: error } } };
    paths[r.path] ??= {};
    paths[r.path]![r.method] = {
      summary: r.summary,
      security: [{ serviceKey: [] }],
      ...(params.length ? { parameters: params } : {}),
      ...(r.body
        ? { requestBody: { required: true, content: { 'application/json': { schema: r.body } } } }
        : {}),
      responses,
    };
  }
  return {
    openapi: '3.1.0',
    info: { title: 'coatcheck service API', version: '0.1.0' },
    servers: [{ url: serverUrl }],
    components: { securitySchemes: { serviceKey: { type: 'http', scheme: 'bearer' } } },
    paths,
  };
}
