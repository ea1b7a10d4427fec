// `coatcheck/adapters/web`: the web-standard (Request/Response) pieces Hono, Next.js and the
// coatcheck service share.
export {
  type ClientAddressOptions,
  TrustedProxies,
  type TrustedProxiesSetting,
  trustedProxies,
} from '../../http/client-address.js';
export { type HeaderList, headerEffects, headerFacts, requestFacts } from './request.js';
