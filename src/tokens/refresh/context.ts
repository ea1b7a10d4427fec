import type { SessionManager } from '../../core/manager.js';
import type { EventContext } from '../../events/types.js';
import type { Keyring } from '../../keys/keyring.js';
import type { StoredRefreshFamily } from '../../stores/types.js';
import type { RefreshPolicy } from './decide.js';
import type { RotateContext } from './rotate.js';
import { sessionAlive } from './session-check.js';

/** Wires {@link RotateContext} to a session manager: its store, clock, events and revocation. */
export function rotateContext(
  sessions: SessionManager,
  keyring: Keyring,
  policy: RefreshPolicy,
  ctx: EventContext,
  guard: <T>(fn: () => Promise<T>) => Promise<T>,
): RotateContext {
  const s = sessions.options;
  const now = (): number => s.clock.now();
  return {
    store: s.store,
    keyring,
    policy,
    now,
    sessionAlive: (family) => guard(() => sessionAlive(s, family, now())),
    onInvalid() {
      s.events.emit({ type: 'token.invalid', reason: 'refresh-token' }, ctx, now());
    },
    async onReuse(family) {
      const { id: familyId, sessionId, userId } = family;
      s.events.emit({ type: 'refresh.reuse_detected', familyId, sessionId, userId }, ctx, now());
      await sessions.revoke(sessionId, { reason: 'refresh-reuse' }, ctx);
    },
  };
}

/** Emits `refresh.rotated` for a real rotation (not for a grace-window answer). */
export function emitRotated(sessions: SessionManager, family: StoredRefreshFamily, ctx: EventContext): void {
  const { id: familyId, sessionId, userId, generation } = family;
  const event = { type: 'refresh.rotated', familyId, sessionId, userId, generation } as const;
  sessions.options.events.emit(event, ctx, sessions.options.clock.now());
}
