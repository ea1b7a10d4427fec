// `coatcheck/adapters/web`: the web-standard (Request/Response) pieces Hono, Next.js and the
// coatcheck service share.
export { type HeaderList, headerEffects, headerFacts, requestFacts } from './request.js';
