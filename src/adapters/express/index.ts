// `coatcheck/adapters/express`: Express 4 and 5.

export {
  coatcheck,
  type ExpressSessionOptions,
  refreshEndpoint,
  requireSession,
  sessionErrors,
} from './middleware.js';
export type { CoatcheckRequest } from './types.js';
