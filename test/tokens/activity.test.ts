import { describe, expect, it } from 'vitest';
import { rejectionCode, tokenSetup } from '../helpers/tokens.js';

describe('token activity', () => {
  it('refresh-token reuse is recorded with the session it ended', async () => {
    const { sessions, tokens, clock } = tokenSetup();
    const { session } = await sessions.create({ userId: 'alice' }, { ip: '192.0.2.4' });
    const pair = await tokens.issue(session);
    await tokens.refresh(pair.refreshToken);
    clock.advance(11);
    expect(await rejectionCode(tokens.refresh(pair.refreshToken))).toBe('ERR_TOKEN_REUSED');
    const [latest] = (await sessions.activity('alice')).entries;
    expect(latest).toMatchObject({
      type: 'refresh-reuse-detected',
      actor: 'system',
      sessionId: session.id,
      ip: '192.0.2.4',
    });
  });

  it('revokeAccessTokens records access-tokens-revoked; endEverything kills the access tokens', async () => {
    const { sessions, tokens, clock } = tokenSetup({ revocation: { notBefore: true } });
    const { session } = await sessions.create({ userId: 'bob' });
    const pair = await tokens.issue(session);
    clock.advance(1);
    await tokens.revokeAccessTokens('bob');
    expect((await sessions.activity('bob', { limit: 1 })).entries[0]).toMatchObject({
      type: 'access-tokens-revoked',
      actor: 'operator',
    });
    const { session: again } = await sessions.create({ userId: 'bob' });
    const second = await tokens.issue(again);
    clock.advance(1);
    await sessions.endEverything('bob', 'account-disabled', { actor: 'operator' });
    expect(await rejectionCode(tokens.verify(pair.accessToken))).toBe('ERR_TOKEN_INVALID');
    expect(await rejectionCode(tokens.verify(second.accessToken))).toBe('ERR_TOKEN_INVALID');
    // The refresh family died with its session.
    expect(await rejectionCode(tokens.refresh(second.refreshToken))).not.toBeNull();
    expect(await rejectionCode(tokens.revokeAccessTokens('bad\nid'))).toBe('ERR_BAD_REQUEST');
  });
});
