import { SessionError } from '../errors.js';
import { isSessionId } from '../session-id/session-token.js';
import type { ManagerContext } from './context.js';
import { type DataJob, flushDataJobs, type KnownData, sessionEnded, type WrittenData } from './data-batch.js';
import type { Session, SessionData } from './session.js';
import { KeyedWriteQueue } from './write-queue.js';

export type { KnownData, WrittenData } from './data-batch.js';

/** Default compare-and-set attempts against other processes' writes before ERR_VERSION_CONFLICT. */
export const DEFAULT_UPDATE_ATTEMPTS = 32;

// How many writes may wait behind a running one for a single session. A burst beyond this is not
// a browser's parallel calls but a loop or an attack: those writes fail fast instead of piling up.
const MAX_WAITING_PER_SESSION = 10_000;

// One write queue per manager (per store), created on first use. A WeakMap, so a manager that is
// dropped takes its queue with it; lanes inside it exist only while a session has writes pending.
const queues = new WeakMap<ManagerContext, KeyedWriteQueue<DataJob, KnownData>>();

function queueOf(c: ManagerContext): KeyedWriteQueue<DataJob, KnownData> {
  let queue = queues.get(c);
  if (!queue) {
    queue = new KeyedWriteQueue(
      (id, jobs, state) => flushDataJobs(c, id, jobs, state),
      MAX_WAITING_PER_SESSION,
    );
    queues.set(c, queue);
  }
  return queue;
}

type Settlers = Pick<DataJob, 'resolve' | 'reject'>;

function enqueue<Data extends SessionData>(
  c: ManagerContext,
  sessionId: string,
  makeJob: (settlers: Settlers) => DataJob,
): Promise<WrittenData<Data>> {
  return new Promise<WrittenData<Data>>((resolve, reject) => {
    const job = makeJob({ resolve: resolve as Settlers['resolve'], reject });
    if (!queueOf(c).add(sessionId, job)) {
      reject(new SessionError('ERR_VERSION_CONFLICT', 'Too many writes are waiting for this session'));
    }
  });
}

/**
 * Compare-and-set of session data on its version; returns the new version. It waits for this
 * process's earlier writes to the session, so it conflicts only with writes that really came
 * between the caller's read and this write.
 */
export async function setSessionData<Data extends SessionData>(
  c: ManagerContext,
  session: Pick<Session, 'id' | 'version'>,
  data: Data,
): Promise<number> {
  if (!isSessionId(session.id)) throw sessionEnded();
  const written = await enqueue<Data>(c, session.id, (settlers) => ({
    kind: 'set',
    version: session.version,
    data,
    ...settlers,
  }));
  return written.version;
}

/**
 * Read-modify-write through the session's write queue: within this process, updates of one
 * session are applied one after another (each sees the previous result, queued ones share one
 * store write), so compare-and-set only meets other processes' writes, retried up to
 * `maxAttempts` times. `start` is the data the caller already read (saves a read when current).
 */
export async function queueDataUpdate<Data extends SessionData>(
  c: ManagerContext,
  sessionId: string,
  update: (data: Data) => Data,
  options: { maxAttempts?: number; start?: KnownData | undefined } = {},
): Promise<WrittenData<Data>> {
  if (!isSessionId(sessionId)) throw sessionEnded();
  return enqueue<Data>(c, sessionId, (settlers) => ({
    kind: 'update',
    change: update as (data: SessionData) => SessionData,
    start: options.start,
    maxAttempts: Math.max(1, options.maxAttempts ?? DEFAULT_UPDATE_ATTEMPTS),
    ...settlers,
  }));
}

/** Read-modify-write that never loses an update; resolves with what `update` returned. */
export async function updateSessionData<Data extends SessionData>(
  c: ManagerContext,
  sessionId: string,
  update: (data: Data) => Data,
  maxAttempts: number,
): Promise<Data> {
  return (await queueDataUpdate(c, sessionId, update, { maxAttempts })).data;
}
