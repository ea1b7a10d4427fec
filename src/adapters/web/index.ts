// `coatcheck/adapters/web`: the web-standard (Request/Response) pieces Hono, Next.js and the
// coatcheck service share.
export { headerEffects, requestFacts } from './request.js';
