// A bounded load loop over keep-alive HTTP: a few workers send requests until a stop condition,
// a request count or a time limit is reached, whichever comes first. Each request is classified
// by the caller and timed.

export type Verdict = 'ok' | 'closed' | 'wrong';

export interface Sample {
  verdict: Verdict;
  status: number;
  ms: number;
  at: number;
}

export interface LoadOptions {
  workers: number;
  maxRequests: number;
  maxMs: number;
  /** A pause after each of a worker's requests (not timed), to pace the load; default none. */
  pauseMs?: number;
  /** One request: returns its status and whether the answer is right, refused (fail closed) or wrong. */
  request(i: number): Promise<{ status: number; verdict: Verdict }>;
}

export interface Load {
  samples: Sample[];
  stop(): Promise<Sample[]>;
  /** Resolves when `count` samples matching `verdict` have arrived after this call (or the load ended). */
  waitFor(verdict: Verdict, count: number): Promise<void>;
}

export function startLoad(o: LoadOptions): Load {
  const samples: Sample[] = [];
  const until = Date.now() + o.maxMs;
  let stopped = false;
  let sent = 0;
  const worker = async (): Promise<void> => {
    while (!stopped && sent < o.maxRequests && Date.now() < until) {
      const i = sent++;
      const started = performance.now();
      let result: { status: number; verdict: Verdict };
      try {
        result = await o.request(i);
      } catch {
        // A client-side timeout or a reset connection: the request got no answer at all.
        result = { status: 0, verdict: 'wrong' };
      }
      samples.push({ ...result, ms: performance.now() - started, at: Date.now() });
      if (o.pauseMs) await new Promise((r) => setTimeout(r, o.pauseMs));
    }
  };
  const done = Promise.all(Array.from({ length: o.workers }, worker));
  return {
    samples,
    async stop() {
      stopped = true;
      await done;
      return samples;
    },
    async waitFor(verdict, count) {
      const from = samples.length;
      let ended = false;
      void done.then(() => (ended = true));
      while (!ended && samples.slice(from).filter((s) => s.verdict === verdict).length < count) {
        await new Promise((r) => setTimeout(r, 20));
      }
    },
  };
}

/** Count by verdict and status, and the slowest request. */
export function summarize(samples: Sample[]): { counts: Record<string, number>; p100: number } {
  const counts: Record<string, number> = {};
  for (const s of samples) counts[`${s.verdict}:${s.status}`] = (counts[`${s.verdict}:${s.status}`] ?? 0) + 1;
  return { counts, p100: Math.max(0, ...samples.map((s) => s.ms)) };
}

/** The requests that were under way between `from` and `to`: count, failures, slowest and p99. */
export function figuresBetween(samples: Sample[], from: number, to: number) {
  const during = samples.filter((s) => s.at >= from && s.at - s.ms <= to);
  const failed = during.filter((s) => s.verdict !== 'ok');
  const sorted = during.map((s) => s.ms).sort((a, b) => a - b);
  return {
    requests: during.length,
    failed: failed.length,
    slowestMs: Math.round(summarize(during).p100),
    p99Ms: Math.round(sorted[Math.floor(sorted.length * 0.99)] ?? 0),
    statuses: summarize(failed).counts,
  };
}
