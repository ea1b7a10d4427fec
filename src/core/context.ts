import type { EventBus, EventInput } from '../events/emitter.js';
import type { EventContext, RevokeReason } from '../events/types.js';
import type { Keyring } from '../keys/keyring.js';
import type { Clock } from '../lib/clock.js';
import { createStoreGateway, type StoreGateway } from '../stores/gateway.js';
import type { SessionMeta } from '../stores/types.js';
import type { ResolvedOptions } from './options.js';

/** Package-internal access to a manager's context; read it through `coreOf` (core/gateway.ts). */
export const managerContext: unique symbol = Symbol('coatcheck.managerContext');

/** What every manager operation needs: options, a fail-closed store gateway, events and time. */
export interface ManagerContext {
  options: ResolvedOptions;
  /** Runs one store call; any failure becomes ERR_STORE_UNAVAILABLE and emits `store.unavailable`. */
  store: StoreGateway;
  keyring: Keyring | null;
  events: EventBus;
  clock: Clock;
  emit(event: EventInput, ctx: EventContext): void;
  revoked(sessionId: string, userId: string, reason: RevokeReason, ctx: EventContext): void;
  now(): number;
}

export function createContext(options: ResolvedOptions): ManagerContext {
  const now = (): number => options.clock.now();
  const emit = (event: EventInput, ctx: EventContext): void => options.events.emit(event, ctx, now());
  return {
    options,
    store: createStoreGateway(options.store, options.events, options.clock),
    keyring: options.keyring,
    events: options.events,
    clock: options.clock,
    now,
    emit,
    revoked: (sessionId, userId, reason, ctx) =>
      emit({ type: 'session.revoked', sessionId, userId, reason }, ctx),
  };
}

/** Request facts that belong in a session's device metadata. */
export function metaFromContext(ctx: EventContext): SessionMeta {
  const meta: SessionMeta = {};
  if (ctx.ip) meta.ip = ctx.ip;
  if (ctx.userAgent) meta.userAgent = ctx.userAgent;
  return meta;
}
