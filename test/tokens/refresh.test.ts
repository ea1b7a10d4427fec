import { describe, expect, it } from 'vitest';
import { Keyring } from '../../src/keys/keyring.js';
import { handleRefreshRequest } from '../../src/tokens/index.js';
import { rejectionCode, tokenSetup } from '../helpers/tokens.js';

async function started(options: Parameters<typeof tokenSetup>[0] = {}) {
  const setup = tokenSetup(options);
  const { session } = await setup.sessions.create({ userId: 'alice' });
  const pair = await setup.tokens.issue(session);
  return { ...setup, session, pair };
}

describe('refresh tokens: rotation and reuse detection', () => {
  it('rotates on every use; the store holds only hashes', async () => {
    const { tokens, pair, store } = await started();
    const next = await tokens.refresh(pair.refreshToken);
    expect(next.refreshToken).not.toBe(pair.refreshToken);
    expect(next.accessToken).not.toBe(pair.accessToken);
    const familyId = pair.refreshToken.slice(3, 25);
    const family = await store.getFamily(familyId);
    expect(family?.generation).toBe(1);
    const dump = JSON.stringify(family);
    for (const t of [pair.refreshToken, next.refreshToken]) expect(dump).not.toContain(t.split('.')[1]);
    const third = await tokens.refresh(next.refreshToken);
    expect((await store.getFamily(familyId))?.generation).toBe(2);
    expect(third.refreshToken).not.toBe(next.refreshToken);
  });

  it('inside the grace window the predecessor gets the same successor and a fresh access token', async () => {
    const { tokens, pair, clock } = await started();
    const first = await tokens.refresh(pair.refreshToken);
    clock.advance(5);
    const again = await tokens.refresh(pair.refreshToken);
    expect(again.refreshToken).toBe(first.refreshToken);
    expect(again.accessToken).not.toBe(first.accessToken);
    await expect(tokens.verify(again.accessToken)).resolves.toMatchObject({ userId: 'alice' });
    // The successor is the one live token: it rotates normally.
    await expect(tokens.refresh(first.refreshToken)).resolves.toMatchObject({ tokenType: 'Bearer' });
  });

  it('the grace answer survives a keyring rotation', async () => {
    const old = Keyring.generateSecret('k1');
    const { tokens, pair, sessions, store, clock } = await started({ secrets: old });
    const first = await tokens.refresh(pair.refreshToken);
    const rotated = tokenSetup({ store, clock, secrets: `${Keyring.generateSecret('k2')},${old}` });
    void sessions;
    const again = await rotated.tokens.refresh(pair.refreshToken);
    expect(again.refreshToken).toBe(first.refreshToken);
  });

  it('the predecessor after the window revokes the family, its session and its access tokens', async () => {
    const { tokens, pair, clock, sessions, session, events } = await started();
    const first = await tokens.refresh(pair.refreshToken);
    clock.advance(11);
    expect(await rejectionCode(tokens.refresh(pair.refreshToken))).toBe('ERR_TOKEN_REUSED');
    expect(await rejectionCode(tokens.refresh(first.refreshToken))).toBe('ERR_TOKEN_INVALID');
    expect((await sessions.list('alice')).map((s) => s.id)).not.toContain(session.id);
    expect(await rejectionCode(tokens.verify(first.accessToken))).toBe('ERR_TOKEN_INVALID');
    expect(events.map((e) => e.type)).toContain('refresh.reuse_detected');
    expect(events).toContainEqual(
      expect.objectContaining({ type: 'session.revoked', reason: 'refresh-reuse' }),
    );
    expect(JSON.stringify(events)).not.toContain(pair.refreshToken.split('.')[1]);
  });

  it('an older generation revokes the family even inside the window', async () => {
    const { tokens, pair } = await started();
    const g1 = await tokens.refresh(pair.refreshToken);
    const g2 = await tokens.refresh(g1.refreshToken);
    expect(await rejectionCode(tokens.refresh(pair.refreshToken))).toBe('ERR_TOKEN_REUSED');
    expect(await rejectionCode(tokens.refresh(g2.refreshToken))).toBe('ERR_TOKEN_INVALID');
  });

  it('a stolen token used by the thief revokes the family when the owner comes back', async () => {
    const { tokens, pair, clock } = await started();
    const thief = await tokens.refresh(pair.refreshToken);
    clock.advance(30);
    expect(await rejectionCode(tokens.refresh(pair.refreshToken))).toBe('ERR_TOKEN_REUSED');
    expect(await rejectionCode(tokens.refresh(thief.refreshToken))).toBe('ERR_TOKEN_INVALID');
  });

  it('a grace window of 0 makes any replay a reuse; retries inside the window are bounded', async () => {
    const zero = await started({ refreshGracePeriod: 0 });
    await zero.tokens.refresh(zero.pair.refreshToken);
    zero.clock.advance(1);
    expect(await rejectionCode(zero.tokens.refresh(zero.pair.refreshToken))).toBe('ERR_TOKEN_REUSED');
    const bounded = await started({ refreshMaxGraceUses: 2 });
    const first = await bounded.tokens.refresh(bounded.pair.refreshToken);
    await bounded.tokens.refresh(bounded.pair.refreshToken);
    await bounded.tokens.refresh(bounded.pair.refreshToken);
    expect(await rejectionCode(bounded.tokens.refresh(bounded.pair.refreshToken))).toBe(
      'ERR_VERSION_CONFLICT',
    );
    await expect(bounded.tokens.refresh(first.refreshToken)).resolves.toMatchObject({ tokenType: 'Bearer' });
  });

  it('idle and absolute lifetimes; the absolute one never slides', async () => {
    const idle = await started({ refreshIdleTimeout: '10m', refreshAbsoluteTimeout: '1h' });
    idle.clock.advance(601);
    expect(await rejectionCode(idle.tokens.refresh(idle.pair.refreshToken))).toBe('ERR_TOKEN_INVALID');
    const abs = await started({ refreshIdleTimeout: '10m', refreshAbsoluteTimeout: '25m' });
    let token = abs.pair.refreshToken;
    for (let i = 0; i < 4; i++) {
      abs.clock.advance(5 * 60);
      token = (await abs.tokens.refresh(token)).refreshToken;
    }
    abs.clock.advance(5 * 60);
    expect(await rejectionCode(abs.tokens.refresh(token))).toBe('ERR_TOKEN_INVALID');
  });

  it('fails when the session has ended, and for another binding (which revokes)', async () => {
    const ended = await started();
    await ended.sessions.revoke(ended.session.id);
    expect(await rejectionCode(ended.tokens.refresh(ended.pair.refreshToken))).toBe('ERR_TOKEN_INVALID');
    const bound = tokenSetup();
    const { session } = await bound.sessions.create({ userId: 'bob' });
    const pair = await bound.tokens.issue(session, { binding: 'client-a' });
    expect(await rejectionCode(bound.tokens.refresh(pair.refreshToken, { binding: 'client-b' }))).toBe(
      'ERR_TOKEN_REUSED',
    );
    expect(await rejectionCode(bound.tokens.refresh(pair.refreshToken, { binding: 'client-a' }))).toBe(
      'ERR_TOKEN_INVALID',
    );
  });

  it('rejects malformed tokens before the store', async () => {
    const { tokens, pair } = await started();
    for (const bad of [
      '',
      'rt_',
      `${pair.refreshToken}x`,
      pair.refreshToken.replace('rt_', 'RT_'),
      'a.b.c',
    ]) {
      expect(await rejectionCode(tokens.refresh(bad))).toBe('ERR_TOKEN_INVALID');
    }
  });

  it('web-standard helper: OAuth responses, no-store, no token in errors', async () => {
    const { tokens, pair, clock } = await started();
    const ok = await handleRefreshRequest(tokens, {
      grant_type: 'refresh_token',
      refresh_token: pair.refreshToken,
    });
    expect(ok.status).toBe(200);
    expect(ok.headers['cache-control']).toBe('no-store');
    expect(ok.body).toMatchObject({ token_type: 'Bearer', expires_in: 300 });
    expect(await handleRefreshRequest(tokens, { grant_type: 'password' })).toMatchObject({ status: 400 });
    expect(await handleRefreshRequest(tokens, null)).toMatchObject({
      status: 400,
      body: { error: 'invalid_request' },
    });
    clock.advance(11);
    const reuse = await handleRefreshRequest(tokens, { refresh_token: pair.refreshToken });
    expect(reuse).toMatchObject({ status: 400, body: { error: 'invalid_grant' } });
    expect(JSON.stringify(reuse)).not.toContain(pair.refreshToken);
  });
});
