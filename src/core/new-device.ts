import type { EventContext } from '../events/types.js';
import type { StoredSession } from '../stores/types.js';
import type { ManagerContext } from './context.js';
import type { NewDeviceSignIn } from './options.js';

/** Emits `session.new_device` and calls the app's hook; a failing hook never fails the sign-in. */
export function announceNewDevice(c: ManagerContext, record: StoredSession, ctx: EventContext): void {
  const { id: sessionId, userId, meta } = record;
  c.emit({ type: 'session.new_device', sessionId, userId, device: meta.device }, ctx);
  const hook = c.options.onNewDevice;
  if (!hook) return;
  const signIn: NewDeviceSignIn = { userId, sessionId, device: meta.device, ip: meta.ip, at: c.now() };
  try {
    void Promise.resolve(hook(signIn)).catch(() => {});
  } catch {
    // The app's notification is best effort: the user is signed in either way.
  }
}
