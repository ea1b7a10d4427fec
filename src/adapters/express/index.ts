// `coatcheck/adapters/express`: Express 4 and 5.

export type { LegacyOption } from '../../http/legacy.js';
export { sessionErrors } from './errors.js';
export { requireAccessToken, requireSession } from './guards.js';
export { coatcheck, type ExpressSessionOptions } from './middleware.js';
export { refreshEndpoint } from './refresh.js';
export type { BearerRequest, CoatcheckRequest, SignedInRequest } from './types.js';
