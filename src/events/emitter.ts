import type { EventContext, EventSink, SessionEvent } from './types.js';

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
/** An event as emitted, before the time stamp and request context are added. */
export type EventInput = DistributiveOmit<SessionEvent, 'at' | keyof EventContext>;

/**
 * Fans events out to sinks. Sink failures are swallowed on purpose: auth must not fail because a
 * log pipeline did.
 *
 * @example
 * ```ts
 * import { EventBus } from 'coatcheck';
 * const events = new EventBus([(event) => console.log(JSON.stringify(event))]);
 * ```
 */
export class EventBus {
  readonly #sinks: EventSink[];

  constructor(sinks: EventSink[] = []) {
    this.#sinks = [...sinks];
  }

  /** Adds a sink; returns a function that removes it. */
  subscribe(sink: EventSink): () => void {
    this.#sinks.push(sink);
    return () => {
      const index = this.#sinks.indexOf(sink);
      if (index >= 0) this.#sinks.splice(index, 1);
    };
  }

  /** True when at least one sink listens (adapters fall back to `console.error` otherwise). */
  get listening(): boolean {
    return this.#sinks.length > 0;
  }

  emit(input: EventInput, context: EventContext = {}, now: number = Date.now()): void {
    if (this.#sinks.length === 0) return;
    const event = { ...compact(context), ...input, at: new Date(now).toISOString() } as SessionEvent;
    for (const sink of this.#sinks) {
      try {
        const result = sink(event);
        if (result && typeof result.then === 'function') result.then(undefined, () => {});
      } catch {
        // A failing sink is the sink's problem, not the request's.
      }
    }
  }
}

function compact(context: EventContext): EventContext {
  const out: EventContext = {};
  if (context.ip !== undefined) out.ip = context.ip;
  if (context.userAgent !== undefined) out.userAgent = context.userAgent;
  if (context.requestId !== undefined) out.requestId = context.requestId;
  return out;
}
