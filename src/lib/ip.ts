// An IPv4 client on a dual-stack socket shows up as `::ffff:a.b.c.d` (RFC 4291 §2.5.5.2).
const MAPPED_IPV4 = /^::ffff:(\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3})$/i;

/**
 * The address as people know it: an IPv4-mapped IPv6 address becomes its IPv4 form
 * (`::ffff:127.0.0.1` → `127.0.0.1`), so device lists show one form per client. Anything else is
 * returned unchanged.
 */
export function unmapIPv4(ip: string): string {
  return MAPPED_IPV4.exec(ip)?.[1] ?? ip;
}
