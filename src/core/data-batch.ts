import { SessionError } from '../errors.js';
import type { ManagerContext } from './context.js';
import { decodeData, encodeData, sealData, serializeData } from './data-codec.js';
import type { SessionData } from './session.js';

/** A session's data and the version it was stored with. */
export interface KnownData {
  version: number;
  data: SessionData;
}

/** What a queued write resolves with: its own result, and the record as stored after its batch. */
export interface WrittenData<Data extends SessionData = SessionData> {
  /** The value this write's change produced (or the value it set). */
  data: Data;
  /** The stored version after the batch that carried this write. */
  version: number;
  /** The stored data after that batch: this write plus the ones queued behind it in the batch. */
  stored: SessionData;
}

interface Settle {
  resolve(written: WrittenData): void;
  reject(error: unknown): void;
}

/** A read-modify-write: `change` is applied to the newest data, again after a conflict. */
export interface UpdateJob extends Settle {
  kind: 'update';
  change(data: SessionData): SessionData;
  start: KnownData | undefined;
  maxAttempts: number;
}

/** A compare-and-set the caller asked for: written only if the stored version is `version`. */
export interface SetJob extends Settle {
  kind: 'set';
  version: number;
  data: SessionData;
}

export type DataJob = UpdateJob | SetJob;

/**
 * Writes one batch of a session's queued jobs in order and returns what the next batch may start
 * from. Consecutive updates are applied one after another in memory (each sees the previous
 * result) and stored in one compare-and-set; only another process's write can make it conflict,
 * and then the newest record is read and the changes applied again. Never rejects.
 */
export async function flushDataJobs(
  c: ManagerContext,
  sessionId: string,
  jobs: DataJob[],
  state: KnownData | undefined,
): Promise<KnownData | undefined> {
  let known = state;
  for (let i = 0; i < jobs.length; ) {
    const job = jobs[i]!;
    if (job.kind === 'set') {
      known = await settleAll([job], () => writeSet(c, sessionId, job));
      i++;
      continue;
    }
    const run: UpdateJob[] = [];
    while (i < jobs.length && jobs[i]!.kind === 'update') run.push(jobs[i++] as UpdateJob);
    known = await settleAll(run, () => writeUpdates(c, sessionId, run, known ?? run[0]!.start));
  }
  return known;
}

async function writeSet(c: ManagerContext, sessionId: string, job: SetJob): Promise<KnownData> {
  const version = job.version + 1;
  const encoded = await encodeData(c.options, job.data, sessionId, version);
  const result = await c.store('updateData', (s) => s.updateData(sessionId, job.version, encoded));
  if (result === 'conflict') throw conflict();
  if (result === 'missing') throw sessionEnded();
  job.resolve({ data: job.data, version, stored: job.data });
  return { version, data: job.data };
}

async function writeUpdates(
  c: ManagerContext,
  sessionId: string,
  jobs: UpdateJob[],
  start: KnownData | undefined,
): Promise<KnownData | undefined> {
  const maxAttempts = Math.max(...jobs.map((job) => job.maxAttempts));
  let known = start;
  let live = jobs;
  for (let attempt = 1; ; attempt++) {
    known ??= await readKnown(c, sessionId);
    const applied = applyAll(c, live, known.data);
    live = applied.map((step) => step.job);
    const last = applied[applied.length - 1];
    if (!last) return known;
    const version = known.version + 1;
    const encoded = await sealData(c.options, last.json, sessionId, version);
    const result = await c.store('updateData', (s) => s.updateData(sessionId, known!.version, encoded));
    if (result === 'missing') throw sessionEnded();
    if (result === 'updated') {
      for (const step of applied) step.job.resolve({ data: step.data, version, stored: last.data });
      return { version, data: last.data };
    }
    if (attempt >= maxAttempts) throw conflict();
    known = undefined;
    // Only another process can have written: a short jittered pause lets its write land.
    await new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(2 * attempt, 20)));
  }
}

interface Step {
  job: UpdateJob;
  data: SessionData;
  json: string;
}

// Each change sees the previous one's result and is checked as if it were written alone, so a
// change that throws or makes the data invalid (too large, not JSON) fails alone.
function applyAll(c: ManagerContext, jobs: UpdateJob[], data: SessionData): Step[] {
  const steps: Step[] = [];
  let current = data;
  for (const job of jobs) {
    try {
      const next = job.change(structuredClone(current));
      steps.push({ job, data: next, json: serializeData(c.options, next) });
      current = next;
    } catch (error) {
      job.reject(error);
    }
  }
  return steps;
}

async function readKnown(c: ManagerContext, sessionId: string): Promise<KnownData> {
  const record = await c.store('get', (s) => s.get(sessionId));
  if (!record) throw sessionEnded();
  return {
    version: record.version,
    data: await decodeData(c.options, record.data, record.id, record.version),
  };
}

// Runs a write; if it fails, every job it carried that is still pending fails with that error
// (settling twice is a no-op), and the next batch starts from a fresh read.
async function settleAll(
  jobs: Settle[],
  write: () => Promise<KnownData | undefined>,
): Promise<KnownData | undefined> {
  try {
    return await write();
  } catch (error) {
    for (const job of jobs) job.reject(error);
    return undefined;
  }
}

function conflict(): SessionError {
  return new SessionError('ERR_VERSION_CONFLICT', 'Session data changed concurrently');
}

/** A session that does not exist (any more): revoked, expired, or never issued. */
export function sessionEnded(): SessionError {
  return new SessionError('ERR_SESSION_REVOKED', 'The session has ended');
}
