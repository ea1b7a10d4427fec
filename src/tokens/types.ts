/** What a client receives: a short-lived access token and the next refresh token. */
export interface TokenPair {
  accessToken: string;
  /** `DPoP` when the tokens are bound to the client's proof key, else `Bearer`. */
  tokenType: 'Bearer' | 'DPoP';
  /** Seconds until the access token expires. */
  expiresIn: number;
  refreshToken: string;
  /** When the refresh token's absolute lifetime ends (ms since the epoch). */
  refreshExpiresAt: number;
}

/** The session a token pair is issued for. */
export interface TokenSubject {
  id: string;
  userId: string;
  absoluteExpiresAt?: number;
}
