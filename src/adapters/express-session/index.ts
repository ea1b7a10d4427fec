// `coatcheck/adapters/express-session`: a coatcheck store behind express-session's Store interface.
export { ANONYMOUS_PREFIX, type BridgeMapping } from './mapping.js';
export { CoatcheckSessionStore, type CoatcheckSessionStoreOptions } from './store.js';
