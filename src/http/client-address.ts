import { SessionError } from '../errors.js';
import { formatIp, type IpBytes, inPrefix, parseIp } from '../lib/ip.js';

/**
 * Which proxies' `X-Forwarded-For` is believed: a hop count (`1`: the direct peer is a proxy, the
 * client is the rightmost entry), or addresses and CIDR ranges (`['10.0.0.0/8', 'loopback']`,
 * or the same as one comma-separated string, as `COATCHECK_TRUSTED_PROXIES` takes it). Names:
 * `loopback`, `linklocal`, `uniquelocal` (private networks). `0`, `''` or `[]`: trust nothing.
 *
 * @example
 * ```ts
 * import type { TrustedProxiesSetting } from 'coatcheck/http';
 * const behindOneLoadBalancer: TrustedProxiesSetting = ['10.0.0.0/8'];
 * ```
 */
export type TrustedProxiesSetting = number | string | readonly string[];

interface Range {
  network: IpBytes;
  bits: number;
}

const NAMED: Record<string, readonly string[]> = {
  loopback: ['127.0.0.0/8', '::1/128'],
  linklocal: ['169.254.0.0/16', 'fe80::/10'],
  uniquelocal: ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', 'fc00::/7'],
};

// Past this many hops a setting is a mistake, not a topology.
const MAX_HOPS = 16;

function parseRange(text: string): Range[] {
  const named = NAMED[text];
  if (named) return named.flatMap(parseRange);
  const slash = text.indexOf('/');
  const network = parseIp(slash < 0 ? text : text.slice(0, slash));
  // `::ffff:10.0.0.0/104` is the IPv4 range 10.0.0.0/8: parseIp gave its 4 IPv4 bytes.
  const mapped = network?.length === 4 && text.includes(':') ? 96 : 0;
  const full = network ? network.length * 8 + mapped : 0;
  const bitsText = slash < 0 ? String(full) : text.slice(slash + 1);
  const bits = /^\d{1,3}$/.test(bitsText) ? Number(bitsText) - mapped : -1;
  if (!network || bits < 0 || bits + mapped > full) {
    throw new SessionError(
      'ERR_CONFIG_INVALID',
      `trustedProxies: "${text.slice(0, 64)}" is not an address, a CIDR range or loopback/linklocal/uniquelocal`,
    );
  }
  return [{ network, bits }];
}

/** An address as a proxy writes it in X-Forwarded-For: maybe with a port, IPv6 maybe in brackets. */
function forwardedAddress(entry: string): IpBytes | null {
  const text = entry.trim();
  const bracket = /^\[([^\]]+)\](?::\d+)?$/.exec(text);
  if (bracket) return parseIp(bracket[1]!);
  const v4WithPort = /^(\d{1,3}(?:\.\d{1,3}){3}):\d+$/.exec(text);
  return parseIp(v4WithPort ? v4WithPort[1]! : text);
}

/**
 * The proxies a deployment trusts, compiled once from a {@link TrustedProxiesSetting}. Built with
 * {@link trustedProxies}; its {@link TrustedProxies.clientAddress} finds the client's address.
 *
 * @example
 * ```ts
 * import { TrustedProxies } from 'coatcheck/http';
 * const proxies = new TrustedProxies('10.0.0.0/8, loopback');
 * proxies.clientAddress('10.0.0.2', '203.0.113.4'); // '203.0.113.4'
 * proxies.clientAddress('198.51.100.7', '203.0.113.4'); // '198.51.100.7': not a proxy of ours
 * ```
 */
export class TrustedProxies {
  readonly #hops: number;
  readonly #ranges: readonly Range[];

  constructor(setting: TrustedProxiesSetting = 0) {
    const text = typeof setting === 'string' ? setting.trim() : null;
    const count = typeof setting === 'number' ? setting : text && /^\d+$/.test(text) ? Number(text) : null;
    if (count !== null && (!Number.isInteger(count) || count < 0 || count > MAX_HOPS)) {
      throw new SessionError('ERR_CONFIG_INVALID', `trustedProxies: a hop count from 0 to ${MAX_HOPS}`);
    }
    this.#hops = count ?? 0;
    const list =
      count !== null ? [] : typeof setting === 'string' ? setting.split(',') : (setting as string[]);
    this.#ranges = list
      .map((s) => s.trim())
      .filter(Boolean)
      .flatMap(parseRange);
  }

  /** True when some proxy is trusted (else X-Forwarded-For is never read). */
  get trustsAny(): boolean {
    return this.#hops > 0 || this.#ranges.length > 0;
  }

  /**
   * The client's address: the direct peer unless it is a trusted proxy; then X-Forwarded-For is
   * walked from the right, past each trusted hop, to the first address no trusted proxy owns. An
   * untrusted peer's X-Forwarded-For is never read, so a client that talks to the app directly
   * cannot choose the address recorded. IPv4-mapped IPv6 addresses come back in IPv4 form.
   * `peer` may be unknown (Next.js gives code no socket): a hop count then still counts it as the
   * first hop; a range list cannot check it and returns undefined.
   */
  clientAddress(peer: string | undefined, forwardedFor: string | null | undefined): string | undefined {
    const { direct, shown } = this.#peer(peer);
    if (!this.trustsAny || !forwardedFor) return shown;
    const chain = forwardedFor.split(',');
    if (this.#hops > 0) {
      let current = shown;
      for (let hop = 0; hop < this.#hops && chain.length > 0; hop++) {
        const next = forwardedAddress(chain.pop()!);
        if (!next) break; // not an address: no proxy wrote it, so the walk ends at the last hop that did
        current = formatIp(next);
      }
      return current;
    }
    let current = direct;
    if (!current) return shown;
    while (chain.length > 0 && this.#trusted(current)) {
      const next = forwardedAddress(chain.pop()!);
      if (!next) break;
      current = next;
    }
    return formatIp(current);
  }

  // The last peer, parsed: every request of a kept-alive connection (and every request through
  // one proxy) repeats it, and parsing it (1–4 µs, a mapped IPv6 address the most) costs more
  // than the rest of this call on the read path of every adapter.
  #last: { peer: string | undefined; direct: IpBytes | null; shown: string | undefined } = {
    peer: undefined,
    direct: null,
    shown: undefined,
  };

  #peer(peer: string | undefined): { direct: IpBytes | null; shown: string | undefined } {
    if (peer !== this.#last.peer) {
      const direct = peer === undefined ? null : parseIp(peer);
      this.#last = { peer, direct, shown: direct ? formatIp(direct) : peer };
    }
    return this.#last;
  }

  #trusted(ip: IpBytes): boolean {
    return this.#ranges.some((r) => inPrefix(ip, r.network, r.bits));
  }
}

/**
 * The adapters' option for where a client's address comes from.
 *
 * @example
 * ```ts
 * import { coatcheck } from 'coatcheck/adapters/express';
 * app.use(coatcheck(sessions, { trustedOrigins: ['https://app.example'], trustedProxies: ['10.0.0.0/8'] }));
 * ```
 */
export interface ClientAddressOptions {
  /**
   * Proxies whose `X-Forwarded-For` is believed (see {@link TrustedProxiesSetting}). Default:
   * none, so the address recorded is the socket's peer. Ignored when `context` is given.
   */
  trustedProxies?: TrustedProxiesSetting | TrustedProxies | undefined;
}

/**
 * Compiles a trusted-proxy setting; a malformed entry throws `ERR_CONFIG_INVALID` at once.
 *
 * @example
 * ```ts
 * import { trustedProxies } from 'coatcheck/http';
 * const proxies = trustedProxies(['10.0.0.0/8']); // or 1: one proxy in front, whatever its address
 * const ip = proxies.clientAddress(socket.remoteAddress, request.headers.get('x-forwarded-for'));
 * ```
 */
export function trustedProxies(setting?: TrustedProxiesSetting | TrustedProxies): TrustedProxies {
  return setting instanceof TrustedProxies ? setting : new TrustedProxies(setting);
}
