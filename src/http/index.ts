// `coatcheck/http`: the runtime-agnostic request flow every adapter and the service share.
export { type ResponseEffects, SessionActions } from './actions.js';
export { type ErrorBody, STATUS_BY_CODE, toHttpError } from './errors.js';
export {
  createSessionGuard,
  type GuardResult,
  type RequestFacts,
  type SessionGuardOptions,
} from './guard.js';
