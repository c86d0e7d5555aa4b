// Reverse-DNS names for the lab's addresses (in-addr.arpa / ip6.arpa).

/** Expand an IPv6 address to its 32 hex digits. */
export function ipv6Nibbles(ip: string): string {
  const [head = '', tail = ''] = ip.split('::');
  const h = head ? head.split(':') : [];
  const t = tail ? tail.split(':') : [];
  const fill = ip.includes('::') ? Array(8 - h.length - t.length).fill('0') : [];
  const groups = [...h, ...fill, ...t];
  if (groups.length !== 8) throw new Error(`not an IPv6 address: ${ip}`);
  return groups.map((g) => g.padStart(4, '0').toLowerCase()).join('');
}

export function reverseName(ip: string): string {
  if (ip.includes(':')) {
    return ipv6Nibbles(ip).split('').reverse().join('.') + '.ip6.arpa';
  }
  return ip.split('.').reverse().join('.') + '.in-addr.arpa';
}

/** The reverse zone of a /24 (IPv4) or /64 (IPv6) that holds `ip`. */
export function reverseZone(ip: string): string {
  if (ip.includes(':')) {
    return ipv6Nibbles(ip).slice(0, 16).split('').reverse().join('.') + '.ip6.arpa';
  }
  return ip.split('.').slice(0, 3).reverse().join('.') + '.in-addr.arpa';
}

/** Name of `ip` in a DNS blocklist zone, as zen-style lists look it up. */
export function blocklistName(ip: string, zone: string): string {
  const rev = reverseName(ip);
  return rev.replace(/\.(in-addr|ip6)\.arpa$/, '') + '.' + zone;
}
