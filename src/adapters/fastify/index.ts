// `coatcheck/adapters/fastify`: Fastify 5.
export type { LegacyOption } from '../../http/legacy.js';
export { sessionErrors } from './errors.js';
export { requireAccessToken, requireSession } from './guards.js';
export { coatcheck, type FastifySessionOptions } from './plugin.js';
export { refreshEndpoint } from './refresh.js';
export type { BearerRequest, SignedInRequest } from './types.js';
