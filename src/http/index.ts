// `coatcheck/http`: the runtime-agnostic request flow every adapter and the service share.
export { type ResponseEffects, SessionActions, type SignedInActions } from './actions.js';
export { type BearerResult, type BearerVerifier, createBearerGuard } from './bearer.js';
export {
  type ClientAddressOptions,
  TrustedProxies,
  type TrustedProxiesSetting,
  trustedProxies,
} from './client-address.js';
export {
  clientErrorRefusal,
  ERROR_CODES,
  type ErrorBody,
  type ErrorCodeInfo,
  errorBody,
  type HttpRefusal,
  refusal,
  toHttpError,
} from './errors.js';
export { isFormContentType } from './form.js';
export {
  createSessionGuard,
  type GuardResult,
  type RequestFacts,
  type SessionGuardOptions,
} from './guard.js';
export type { LegacyOption } from './legacy.js';
export { reportUnexpected } from './unexpected.js';
