import { readFileSync } from 'node:fs';
import { SessionError } from '../errors.js';

/** PEM certificate chain and private key paths for HTTPS. */
export interface TlsFiles {
  cert: string;
  key: string;
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1']);

/**
 * The transport rule (RS-4): TLS is served when a certificate and key are given; plain HTTP is
 * allowed on loopback only, unless `COATCHECK_ALLOW_PLAIN_HTTP=1` says TLS ends at a proxy in front.
 */
export function checkTransport(host: string, tls: TlsFiles | undefined, allowPlain: boolean): void {
  if (tls || LOOPBACK.has(host) || allowPlain) return;
  throw new SessionError(
    'ERR_CONFIG_INVALID',
    'Plain HTTP outside loopback: give --tls-cert and --tls-key, or put TLS in front and set COATCHECK_ALLOW_PLAIN_HTTP=1',
  );
}

/** Reads the PEM files; a missing or unreadable file stops the start naming the flag, not the content. */
export function readTls(tls: TlsFiles): { cert: Buffer; key: Buffer } {
  const read = (path: string, what: string): Buffer => {
    try {
      return readFileSync(path);
    } catch (error) {
      throw new SessionError('ERR_CONFIG_INVALID', `Cannot read the TLS ${what} file ${path}`, {
        cause: error,
      });
    }
  };
  return { cert: read(tls.cert, 'certificate'), key: read(tls.key, 'key') };
}

/** Node's request bounds, explicit: 16 KiB of headers (431 beyond), slow clients cut off. */
export const HTTP_LIMITS = {
  maxHeaderSize: 16 * 1024,
  headersTimeout: 20_000,
  requestTimeout: 30_000,
} as const;
