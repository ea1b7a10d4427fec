// `coatcheck/adapters/hono`: Hono 4 on any runtime.
export { sessionErrors } from './errors.js';
export { requireAccessToken, requireSession } from './guards.js';
export { type CoatcheckVariables, coatcheck, type HonoSessionOptions } from './middleware.js';
export { refreshEndpoint } from './refresh.js';
