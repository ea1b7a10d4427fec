import { coreOf } from '../../core/gateway.js';
import type { SessionManager } from '../../core/manager.js';
import type { EventContext } from '../../events/types.js';
import type { Keyring } from '../../keys/keyring.js';
import type { StoredRefreshFamily } from '../../stores/types.js';
import type { RefreshPolicy } from './decide.js';
import type { RotateContext } from './rotate.js';
import { sessionAlive } from './session-check.js';

/** Wires {@link RotateContext} to a session manager: its store gateway, clock, events and revocation. */
export function rotateContext(
  sessions: SessionManager,
  keyring: Keyring,
  policy: RefreshPolicy,
  ctx: EventContext,
): RotateContext {
  const core = coreOf(sessions);
  return {
    store: core.store,
    keyring,
    policy,
    now: core.now,
    sessionAlive: (family) => sessionAlive(core, family, core.now()),
    onInvalid() {
      core.emit({ type: 'token.invalid', reason: 'refresh-token' }, ctx);
    },
    async onReuse(family) {
      const { id: familyId, sessionId, userId } = family;
      core.emit({ type: 'refresh.reuse_detected', familyId, sessionId, userId }, ctx);
      await sessions.revoke(sessionId, { userId, reason: 'refresh-reuse' }, ctx);
    },
  };
}

/** Emits `refresh.rotated` for a real rotation (not for a grace-window answer). */
export function emitRotated(sessions: SessionManager, family: StoredRefreshFamily, ctx: EventContext): void {
  const { id: familyId, sessionId, userId, generation } = family;
  coreOf(sessions).emit({ type: 'refresh.rotated', familyId, sessionId, userId, generation }, ctx);
}
