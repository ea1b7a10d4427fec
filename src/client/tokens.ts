import { read, transact } from './idb.js';

/** A token pair as the client keeps it. */
export interface StoredTokens {
  accessToken: string;
  refreshToken: string;
  /** `Bearer` or `DPoP`. */
  tokenType: string;
  /** When the access token expires, ms since the epoch (client clock). */
  expiresAt: number;
}

/**
 * Reads a token response in either shape coatcheck speaks: the OAuth 2.0 one
 * (`access_token`, `refresh_token`, `expires_in`, `token_type`) or the service's
 * (`accessToken`, `refreshToken`, `expiresIn`, `tokenType`). Null when it is neither.
 */
export function parseTokenResponse(body: unknown, now: number): StoredTokens | null {
  if (typeof body !== 'object' || body === null) return null;
  const b = body as Record<string, unknown>;
  const accessToken = b.access_token ?? b.accessToken;
  const refreshToken = b.refresh_token ?? b.refreshToken;
  const expiresIn = b.expires_in ?? b.expiresIn;
  const tokenType = b.token_type ?? b.tokenType ?? 'Bearer';
  if (typeof accessToken !== 'string' || typeof refreshToken !== 'string') return null;
  if (typeof expiresIn !== 'number' || typeof tokenType !== 'string') return null;
  return { accessToken, refreshToken, tokenType, expiresAt: now + expiresIn * 1000 };
}

/** Where one client's tokens live: IndexedDB, shared by (and consistent across) the tabs of an origin. */
export class TokenSlot {
  constructor(readonly key: string) {}

  async read(): Promise<StoredTokens | null> {
    return (await read<StoredTokens>('tokens', this.key)) ?? null;
  }

  write(tokens: StoredTokens | null): Promise<void> {
    return transact('tokens', this.key, () => ({ write: tokens, result: undefined }));
  }
}
