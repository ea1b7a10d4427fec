import { describe, expect, it } from 'vitest';
import { Keyring } from '../../src/keys/keyring.js';
import { MemoryStore } from '../../src/stores/memory/index.js';
import { ManualClock } from '../../src/testing/index.js';
import { issueRefreshToken } from '../../src/tokens/refresh/tag.js';
import { parseRefreshToken } from '../../src/tokens/refresh/token.js';
import { countingStore } from '../helpers/counting-store.js';
import { rejectionCode, tokenSetup } from '../helpers/tokens.js';

// The family id is public (it is in refresh events and logs). A token naming a real family with a
// secret the server never issued must be merely invalid: it revokes nothing, costs no store call,
// and the owner's token still rotates. A genuine old generation still revokes (RT-3).
const MADE_UP_SECRET = `${'Q'.repeat(42)}A`;
const MADE_UP_TAG = `${'T'.repeat(21)}A`;

async function started(secrets = Keyring.generateSecret('k1')) {
  const clock = new ManualClock();
  const counted = countingStore(new MemoryStore({ clock }));
  const setup = tokenSetup({ store: counted.store, secrets, clock });
  const { session } = await setup.sessions.create({ userId: 'alice' });
  const pair = await setup.tokens.issue(session);
  const { familyId, secret, tag } = parseRefreshToken(pair.refreshToken)!;
  return { ...setup, calls: counted.calls, session, pair, familyId, secret, tag, secrets };
}

describe('refresh tokens: the issuance tag', () => {
  it('a real family id with a made-up secret is invalid: no store call, nothing revoked', async () => {
    const { tokens, sessions, session, pair, familyId, secret, tag, store, calls, events } = await started();
    // A tag made by another deployment's keyring is as good as a made-up one.
    const stranger = Keyring.fromString(Keyring.generateSecret('k1'));
    const foreignToken = await issueRefreshToken((await stranger.current('refresh')).key, familyId, secret);
    const forgeries = [
      `rt_${familyId}.${MADE_UP_SECRET}`,
      `rt_${familyId}.${MADE_UP_SECRET}.${MADE_UP_TAG}`,
      `rt_${familyId}.${MADE_UP_SECRET}.${tag}`,
      `rt_${familyId}.${secret}.${MADE_UP_TAG}`,
      foreignToken,
    ];
    calls.clear();
    for (const forged of forgeries)
      expect(await rejectionCode(tokens.refresh(forged)), forged).toBe('ERR_TOKEN_INVALID');
    expect(calls.size, 'a forged token must not reach the store').toBe(0);
    expect(events.filter((e) => e.type === 'token.invalid')).toHaveLength(forgeries.length);
    expect(events).toContainEqual(
      expect.objectContaining({ type: 'token.invalid', reason: 'refresh-token' }),
    );
    expect(events.map((e) => e.type)).not.toContain('refresh.reuse_detected');
    expect(events.map((e) => e.type)).not.toContain('session.revoked');
    expect(JSON.stringify(events)).not.toContain(MADE_UP_SECRET);
    // The family and the session survive, and the owner's token still rotates.
    expect((await store.getFamily(familyId))?.generation).toBe(0);
    expect((await sessions.list('alice')).map((s) => s.id)).toContain(session.id);
    const next = await tokens.refresh(pair.refreshToken);
    await expect(tokens.verify(next.accessToken)).resolves.toMatchObject({ sessionId: session.id });
    expect((await store.getFamily(familyId))?.generation).toBe(1);
  });

  it('a genuine generation two rotations back still revokes the family and its session', async () => {
    const { tokens, sessions, session, pair, familyId, store, events } = await started();
    const g1 = await tokens.refresh(pair.refreshToken);
    const g2 = await tokens.refresh(g1.refreshToken);
    expect(await rejectionCode(tokens.refresh(pair.refreshToken))).toBe('ERR_TOKEN_REUSED');
    expect(await store.getFamily(familyId)).toBeNull();
    expect((await sessions.list('alice')).map((s) => s.id)).not.toContain(session.id);
    expect(await rejectionCode(tokens.refresh(g2.refreshToken))).toBe('ERR_TOKEN_INVALID');
    expect(await rejectionCode(tokens.verify(g2.accessToken))).toBe('ERR_TOKEN_INVALID');
    expect(events.map((e) => e.type)).toContain('refresh.reuse_detected');
  });

  it('the predecessor inside the grace window gets the identical, tagged child', async () => {
    const { tokens, pair, familyId, clock } = await started();
    const first = await tokens.refresh(pair.refreshToken);
    clock.advance(5);
    const again = await tokens.refresh(pair.refreshToken);
    expect(again.refreshToken).toBe(first.refreshToken);
    expect(parseRefreshToken(again.refreshToken)).toMatchObject({ familyId });
    await expect(tokens.refresh(again.refreshToken)).resolves.toMatchObject({ tokenType: 'Bearer' });
  });

  it('survives a keyring rotation while the old key is kept; a dropped key makes its tokens invalid', async () => {
    const old = Keyring.generateSecret('k1');
    const newer = Keyring.generateSecret('k2');
    const { pair, store, clock, session, familyId } = await started(old);
    const rotated = tokenSetup({ store, clock, secrets: `${newer},${old}` });
    const next = await rotated.tokens.refresh(pair.refreshToken);
    await expect(rotated.tokens.verify(next.accessToken)).resolves.toMatchObject({ sessionId: session.id });
    // The successor carries the newest key's tag: a keyring without k1 accepts it.
    const retired = tokenSetup({ store, clock, secrets: newer });
    const third = await retired.tokens.refresh(next.refreshToken);
    // A genuine token tagged only by the retired key is refused as invalid, and revokes nothing.
    expect(await rejectionCode(retired.tokens.refresh(pair.refreshToken))).toBe('ERR_TOKEN_INVALID');
    expect((await store.getFamily(familyId))?.generation).toBe(2);
    await expect(retired.tokens.refresh(third.refreshToken)).resolves.toMatchObject({ tokenType: 'Bearer' });
  });
});
