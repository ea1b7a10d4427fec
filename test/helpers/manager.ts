import { createSessionManager, type SessionEvent, type SessionManagerOptions } from '../../src/index.js';
import { Keyring } from '../../src/keys/keyring.js';
import { MemoryStore } from '../../src/stores/memory/index.js';
import { ManualClock } from '../../src/testing/index.js';
import { captureEventSink, recordSecret, recordTokensOf } from './log-capture.js';

/** A manager on a real memory store with a controllable clock and a captured event log. */
export function setup(overrides: Partial<SessionManagerOptions> = {}) {
  const clock = new ManualClock();
  const events: SessionEvent[] = [];
  const store = overrides.store ?? new MemoryStore({ clock });
  const secrets = Keyring.generateSecret('k1');
  recordSecret(secrets);
  const manager = createSessionManager({
    secrets,
    clock,
    events: [(event) => void events.push(event), captureEventSink()],
    ...overrides,
    store,
  });
  recordTokensOf(manager, ['create', 'login', 'regenerate']);
  return { manager, clock, events, store };
}
