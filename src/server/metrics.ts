import { Counter, collectDefaultMetrics, Histogram, Registry } from 'prom-client';
import type { EventBus } from '../events/emitter.js';
import type { SessionStore } from '../stores/types.js';
import { metricsAccess } from './metrics-token.js';

/** The service's Prometheus metrics, fed by the auth event stream and a timed store. */
export interface ServiceMetrics {
  registry: Registry;
  validated: Counter;
  /** Wraps a store so every call is timed by operation (and failures counted by the events). */
  timed(store: SessionStore): SessionStore;
  /** True when a request's `Authorization` header may read `/metrics` (see `metricsAccess`). */
  authorizes(authorization: string | undefined): boolean;
}

/** The metrics registry; `token` (`COATCHECK_METRICS_TOKEN`) guards `/metrics` when given. */
export function createMetrics(
  events: EventBus,
  options: { token?: string | undefined } = {},
): ServiceMetrics {
  const authorizes = metricsAccess(options.token);
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const counter = (name: string, help: string, labelNames: string[] = []): Counter =>
    new Counter({ name: `coatcheck_${name}`, help, labelNames, registers: [registry] });
  const created = counter('sessions_created_total', 'Sessions created');
  const validated = counter('sessions_validated_total', 'Requests that presented a valid session');
  const revoked = counter('sessions_revoked_total', 'Sessions ended, by reason', ['reason']);
  const failed = counter('session_validation_failures_total', 'Presented tokens refused, by reason', [
    'reason',
  ]);
  const refresh = counter('refresh_rotations_total', 'Refresh tokens rotated');
  const reuse = counter('refresh_reuse_detected_total', 'Refresh-token reuse detected (family revoked)');
  const csrf = counter('csrf_rejected_total', 'Cross-origin requests refused', ['reason']);
  const legacy = counter('legacy_migrations_total', 'Legacy sessions migrated, imported or refused', [
    'outcome',
    'reason',
  ]);
  const unavailable = counter('store_unavailable_total', 'Store calls that failed (requests failed closed)');
  const latency = new Histogram({
    name: 'coatcheck_store_latency_seconds',
    help: 'Store call latency by operation',
    labelNames: ['operation'],
    buckets: [0.0005, 0.001, 0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1],
    registers: [registry],
  });
  events.subscribe((event) => {
    if (event.type === 'session.created') created.inc();
    else if (event.type === 'session.revoked') revoked.inc({ reason: event.reason });
    else if (event.type === 'session.validation_failed') failed.inc({ reason: event.reason });
    else if (event.type === 'refresh.rotated') refresh.inc();
    else if (event.type === 'refresh.reuse_detected') reuse.inc();
    else if (event.type === 'csrf.rejected') csrf.inc({ reason: event.reason });
    else if (event.type === 'store.unavailable') unavailable.inc();
    else if (event.type === 'legacy.rejected') legacy.inc({ outcome: 'refused', reason: event.reason });
    else if (event.type.startsWith('legacy.'))
      legacy.inc({ outcome: event.type.slice('legacy.'.length), reason: '' });
  });
  return {
    registry,
    validated,
    authorizes,
    timed: (store) => {
      // One labelled child per operation, made once: observing then needs no label lookup.
      const byOperation = new Map<string, ReturnType<typeof latency.labels>>();
      return new Proxy(store, {
        get(target, prop, receiver) {
          const value = Reflect.get(target, prop, receiver);
          if (typeof value !== 'function' || prop === 'close') return value;
          const operation = String(prop);
          let child = byOperation.get(operation);
          if (!child) {
            child = latency.labels({ operation });
            byOperation.set(operation, child);
          }
          const timer = child;
          return (...args: unknown[]) => {
            const end = timer.startTimer();
            return (value as (...a: unknown[]) => Promise<unknown>).apply(target, args).finally(end);
          };
        },
      });
    },
  };
}
