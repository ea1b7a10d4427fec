import type { SessionManager } from '../../../src/index.js';
import { createTokenService, type TokenService } from '../../../src/tokens/index.js';

/** The token service every scenario app uses for its refresh endpoint and bearer-guarded route. */
export function scenarioTokens(sessions: SessionManager): TokenService {
  return createTokenService({ sessions, issuer: 'https://scenarios.test', audience: 'scenarios' });
}
