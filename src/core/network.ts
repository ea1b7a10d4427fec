// The network a sign-in came from, for the new-device check: an IPv4 /24 or an IPv6 /48, so a
// phone that moves between addresses of one provider's block is not "new" every time. An address
// that is already reduced or hashed by the privacy setting is compared as it is.

/** `192.0.2.0/24`, `2001:db8:1::/48`, the value itself for anything else, `-` for none. */
export function networkOf(ip: string | undefined): string {
  if (!ip) return '-';
  const v4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.\d{1,3}$/.exec(ip);
  if (v4) return `${v4[1]}.${v4[2]}.${v4[3]}.0/24`;
  const v6 = ipv6Groups(ip);
  return v6 ? `${v6.slice(0, 3).join(':')}::/48` : ip;
}

// The first groups of an IPv6 address in canonical hex (no leading zeros), or null if it is not one.
function ipv6Groups(ip: string): string[] | null {
  if (!ip.includes(':') || ip.includes('/')) return null;
  const halves = ip.split('::');
  if (halves.length > 2) return null;
  const part = (text: string | undefined): string[] => (text ? text.split(':') : []);
  const head = part(halves[0]);
  const tail = part(halves[1]);
  const missing = 8 - head.length - tail.length;
  if (halves.length === 1 ? missing !== 0 : missing < 1) return null;
  const groups = [...head, ...Array<string>(Math.max(missing, 0)).fill('0'), ...tail];
  const hex = groups.slice(0, 3);
  if (!hex.every((g) => /^[0-9a-f]{1,4}$/i.test(g))) return null;
  return hex.map((g) => Number.parseInt(g, 16).toString(16));
}
