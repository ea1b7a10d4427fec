import type { ActivityInput, ActivityWrite, StoredActivity } from '../types.js';

// One entry is one list element: `seq \x1f at \x1f type \x1f actor \x1f actorSessionId \x1f reason
// \x1f network \x1f sessionId \x1f device \x1f ip` (absent fields empty). The script adds the seq;
// for entries it builds from deleted records it appends the last three fields itself, which is why
// they come last. Text is stripped of control characters so \x1f can never appear inside a field.
const FIELDS = 10;

const clean = (text: string | undefined): string => (text ?? '').replace(/\p{Cc}/gu, '');

/** The fields up to `network`, each followed by \x1f: what a per-deleted template sends. */
export function entryHead(e: ActivityInput): string {
  const fields = [String(Math.trunc(e.at)), e.type, e.actor, e.actorSessionId, e.reason, e.network];
  return `${fields.map(clean).join('\x1f')}\x1f`;
}

/** An entry without its seq. */
export function entryBody(e: ActivityInput): string {
  return `${entryHead(e)}${[e.sessionId, e.device, e.ip].map(clean).join('\x1f')}`;
}

/**
 * The script arguments of an activity write, in the order ACTIVITY_LUA reads them: user id,
 * max entries, oldest time kept, ttl ms, per-deleted template, unseen body, unseen device, unseen
 * network, then the entries.
 */
export function activityArgs(w: ActivityWrite): string[] {
  return [
    w.userId,
    String(w.bounds.maxEntries),
    String(Math.trunc(w.now - w.bounds.maxAgeMs)),
    String(Math.max(1, Math.trunc(w.bounds.maxAgeMs))),
    w.perDeleted ? entryHead(w.perDeleted) : '',
    w.unseen ? entryBody(w.unseen) : '',
    clean(w.unseen?.device),
    clean(w.unseen?.network),
    ...w.entries.map(entryBody),
  ];
}

/** One stored element back as an entry; null for anything of another shape. */
export function decodeEntry(raw: string): StoredActivity | null {
  const f = raw.split('\x1f');
  if (f.length !== FIELDS) return null;
  const [seq, at, type, actor, actorSessionId, reason, network, sessionId, device, ip] = f as [
    string,
    ...string[],
  ] as string[];
  const entry: StoredActivity = { seq: Number(seq), at: Number(at), type: type!, actor: actor! };
  if (!Number.isSafeInteger(entry.seq) || !Number.isSafeInteger(entry.at)) return null;
  const optional = { actorSessionId, reason, network, sessionId, device, ip };
  for (const [name, value] of Object.entries(optional)) {
    if (value) (entry as unknown as Record<string, string>)[name] = value;
  }
  return entry;
}
