// JWT access tokens (jose, EdDSA) and rotating refresh tokens on this runtime: issue, verify by the
// service and by a JWKS-only verifier, rotate, and reuse detection revoking the family's session.
import { createSessionManager, isSessionError, Keyring } from '../../dist/index.js';
import { MemoryStore } from '../../dist/stores/memory/index.js';
import { createAccessTokenVerifier, createTokenService } from '../../dist/tokens/index.js';
import { assert, assertEqual, type Check } from './checks.ts';

const ISSUER = 'https://auth.example';
const sessions = createSessionManager({ store: new MemoryStore(), secrets: Keyring.generateSecret('k1') });
const tokens = createTokenService({ sessions, issuer: ISSUER, audience: 'api' });

export const tokenChecks: Check[] = [
  {
    name: 'tokens: an EdDSA access token verifies by the service and by its JWKS alone',
    async run() {
      const { session } = await sessions.create({ userId: 'erin' });
      const pair = await tokens.issue(session);
      assertEqual((await tokens.verify(pair.accessToken)).sessionId, session.id, 'verified sid');
      const jwks = (await tokens.jwks()).body;
      const remote = createAccessTokenVerifier({
        jwks,
        issuer: ISSUER,
        audience: 'api',
        algorithms: ['EdDSA'],
      });
      assertEqual((await remote.verify(pair.accessToken)).userId, 'erin', 'the JWKS verifier');
      const forged = `${pair.accessToken.slice(0, -4)}AAAA`;
      const refused = await remote.verify(forged).then(
        () => null,
        (error: unknown) => error,
      );
      assert(isSessionError(refused, 'ERR_TOKEN_INVALID'), 'a forged signature to be ERR_TOKEN_INVALID');
    },
  },
  {
    name: 'tokens: refresh rotates; replaying an older token revokes the family and session',
    async run() {
      const { session, token } = await sessions.create({ userId: 'frank' });
      const first = await tokens.issue(session);
      const second = await tokens.refresh(first.refreshToken);
      const third = await tokens.refresh(second.refreshToken);
      assert(third.refreshToken !== second.refreshToken, 'a new refresh token on each rotation');
      const replay = await tokens.refresh(first.refreshToken).then(
        () => null,
        (error: unknown) => error,
      );
      assert(isSessionError(replay, 'ERR_TOKEN_REUSED'), 'the replay to be ERR_TOKEN_REUSED');
      assertEqual((await sessions.validate(token)).session, null, 'the session after reuse');
    },
  },
];
