// `coatcheck/client`: the browser side of coatcheck. ESM, no dependencies, tree-shakable: the
// cookie client pulls in neither the token client nor DPoP.
export { type CookieClient, type CookieClientOptions, createCookieClient } from './cookie-client.js';
export { createDpopSigner, type DpopSigner, type DpopSignerOptions } from './dpop.js';
export type { ProofSigner } from './proof-fetch.js';
export type { SignedOutListener } from './signed-out.js';
export { createTokenClient, type TokenClient, type TokenClientOptions } from './token-client.js';
export type { StoredTokens } from './tokens.js';
