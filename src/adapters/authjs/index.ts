// `coatcheck/adapters/authjs`: Auth.js (next-auth v5, `@auth/core`) database sessions on coatcheck.
export { CoatcheckAdapter, withCoatcheckSessions } from './adapter.js';
export { type AuthjsStoreReader, inspectAuthjsStore } from './inspect.js';
export { AuthjsSessions, type AuthjsSessionsOptions } from './sessions.js';
