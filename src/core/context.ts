import { storeUnavailable } from '../errors.js';
import type { EventInput } from '../events/emitter.js';
import type { EventContext, RevokeReason } from '../events/types.js';
import type { SessionMeta, SessionStore } from '../stores/types.js';
import type { ResolvedOptions } from './options.js';

/** Package-internal access to a manager's context (for migration); not exported from the package. */
export const managerContext: unique symbol = Symbol('coatcheck.managerContext');

/** What every manager operation needs: options, a fail-closed store gateway, events and time. */
export interface ManagerContext {
  options: ResolvedOptions;
  /** Runs one store call; any failure becomes ERR_STORE_UNAVAILABLE (fail closed). */
  store<T>(operation: string, call: (store: SessionStore) => Promise<T>): Promise<T>;
  emit(event: EventInput, ctx: EventContext): void;
  revoked(sessionId: string, userId: string, reason: RevokeReason, ctx: EventContext): void;
  now(): number;
}

export function createContext(options: ResolvedOptions): ManagerContext {
  const now = (): number => options.clock.now();
  const emit = (event: EventInput, ctx: EventContext): void => options.events.emit(event, ctx, now());
  return {
    options,
    now,
    emit,
    revoked: (sessionId, userId, reason, ctx) =>
      emit({ type: 'session.revoked', sessionId, userId, reason }, ctx),
    async store(operation, call) {
      try {
        return await call(options.store);
      } catch (error) {
        emit({ type: 'store.unavailable', operation }, {});
        throw storeUnavailable(error);
      }
    },
  };
}

/** Request facts that belong in a session's device metadata. */
export function metaFromContext(ctx: EventContext): SessionMeta {
  const meta: SessionMeta = {};
  if (ctx.ip) meta.ip = ctx.ip;
  if (ctx.userAgent) meta.userAgent = ctx.userAgent;
  return meta;
}
