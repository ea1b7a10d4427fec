import { expect } from 'vitest';
import { isSessionError } from '../../src/errors.js';
import { createSessionManager, type SessionEvent, type SessionStore } from '../../src/index.js';
import { Keyring } from '../../src/keys/keyring.js';
import { MemoryStore } from '../../src/stores/memory/index.js';
import { ManualClock } from '../../src/testing/index.js';
import type { TokenServiceOptions } from '../../src/tokens/index.js';
import { createTokenService } from '../../src/tokens/index.js';
import { captureEventSink, recordSecret, recordTokensOf } from './log-capture.js';

export const ISSUER = 'https://auth.example.test';
export const AUDIENCE = 'https://api.example.test';

/** A token service on a real store, a manual clock and a captured event log. */
export function tokenSetup(
  options: { store?: SessionStore; secrets?: string; clock?: ManualClock } & Partial<
    Omit<TokenServiceOptions, 'sessions'>
  > = {},
) {
  const { store: givenStore, secrets, clock: givenClock, ...tokenOptions } = options;
  const clock = givenClock ?? new ManualClock();
  const events: SessionEvent[] = [];
  const store = givenStore ?? new MemoryStore({ clock });
  const keyringSecrets = secrets ?? Keyring.generateSecret('k1');
  recordSecret(keyringSecrets);
  const sessions = createSessionManager({
    store,
    secrets: keyringSecrets,
    clock,
    events: [(event) => void events.push(event), captureEventSink()],
  });
  recordTokensOf(sessions, ['create', 'login', 'regenerate']);
  const tokens = recordTokensOf(
    createTokenService({ sessions, issuer: ISSUER, audience: AUDIENCE, ...tokenOptions }),
    ['issue', 'refresh'],
  );
  return { sessions, tokens, clock, events, store };
}

/** Splits a compact JWS into its decoded header and payload and the raw parts. */
export function decodeJws(token: string): {
  header: Record<string, unknown>;
  payload: Record<string, unknown>;
  parts: string[];
} {
  const parts = token.split('.');
  const json = (part: string): Record<string, unknown> =>
    JSON.parse(Buffer.from(part, 'base64url').toString());
  return { header: json(parts[0]!), payload: json(parts[1]!), parts };
}

export const b64 = (value: unknown): string =>
  Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');

/** The SessionError code `promise` rejects with (the error itself when untyped); fails if it resolves. */
export async function rejectionCode(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error, 'expected a rejection').not.toBeNull();
  return isSessionError(error) ? error.code : String(error);
}
