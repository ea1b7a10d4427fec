import { describe, expect, it } from 'vitest';
import type { SessionEvent } from '../../src/index.js';
import { MemoryStore } from '../../src/stores/memory/index.js';
import { ManualClock } from '../../src/testing/index.js';
import { createTokenService } from '../../src/tokens/index.js';
import { switchableStore } from '../helpers/counting-store.js';
import { AUDIENCE, ISSUER, rejectionCode, tokenSetup } from '../helpers/tokens.js';

// Every token path reaches the store through the manager's one fail-closed gateway, so an outage
// there is ERR_STORE_UNAVAILABLE and a `store.unavailable` event (the metric, the error log).
describe('a store outage on the token paths', () => {
  function outageSetup() {
    const clock = new ManualClock();
    const { store, outage } = switchableStore(new MemoryStore({ clock }));
    return { ...tokenSetup({ store, clock, revocation: { notBefore: true } }), outage };
  }
  // The operations reported, each with how long the failing call took.
  const unavailable = (events: SessionEvent[]) =>
    events.flatMap((e) => {
      if (e.type !== 'store.unavailable') return [];
      expect(e.ms).toBeGreaterThanOrEqual(0);
      return [e.operation];
    });

  it('on refresh: fails closed and emits store.unavailable', async () => {
    const { sessions, tokens, events, outage } = outageSetup();
    const { session } = await sessions.create({ userId: 'alice' });
    const pair = await tokens.issue(session);
    expect(unavailable(events)).toEqual([]);
    outage.down = true;
    expect(await rejectionCode(tokens.refresh(pair.refreshToken))).toBe('ERR_STORE_UNAVAILABLE');
    expect(unavailable(events)).toEqual(['getFamily']);
    outage.down = false;
    const next = await tokens.refresh(pair.refreshToken);
    expect(next.refreshToken).not.toBe(pair.refreshToken);
  });

  it('on the signing key: fails closed and emits store.unavailable', async () => {
    const { sessions, events, outage } = outageSetup();
    const fresh = createTokenService({ sessions, issuer: ISSUER, audience: AUDIENCE });
    outage.down = true;
    expect(await rejectionCode(fresh.jwks())).toBe('ERR_STORE_UNAVAILABLE');
    expect(await rejectionCode(fresh.rotateKeys({ immediate: true }))).toBe('ERR_STORE_UNAVAILABLE');
    expect(unavailable(events)).toEqual(['getDocument', 'getDocument']);
    outage.down = false;
    expect((await fresh.jwks()).body.keys).toHaveLength(1);
  });

  it('on issue, verify and access-token revocation: each reported once', async () => {
    const { sessions, tokens, events, outage } = outageSetup();
    const { session } = await sessions.create({ userId: 'alice' });
    const { accessToken } = await tokens.issue(session);
    outage.down = true;
    expect(await rejectionCode(tokens.issue(session))).toBe('ERR_STORE_UNAVAILABLE');
    expect(await rejectionCode(tokens.verify(accessToken))).toBe('ERR_STORE_UNAVAILABLE');
    expect(await rejectionCode(tokens.revokeAccessTokens('alice'))).toBe('ERR_STORE_UNAVAILABLE');
    expect(unavailable(events)).toEqual(['createFamily', 'get', 'getDocument']);
  });
});
