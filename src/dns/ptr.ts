// PTR values are not in the domain's zone: the host's panel sets them (the
// reverse zone belongs to the IP's owner). They are listed so the user knows
// exactly what to type there, for IPv4 and IPv6.
import { DEFAULT_TTL, fqdn, type DnsRecord } from './types.js';
import { compressIpv6, isIpv6, ptrName } from './ip.js';

export function ptrRecords(hostname: string, ips: string[], ttl = DEFAULT_TTL): DnsRecord[] {
  return ips.map((ip) => ({
    name: ptrName(ip),
    type: 'PTR' as const,
    values: [fqdn(hostname)],
    ttl,
    home: 'reverse' as const,
    purpose: `reverse DNS of ${isIpv6(ip) ? compressIpv6(ip) : ip}: set it in the host's panel`,
  }));
}

/** Inverse of ptrName: `4.3.2.1.in-addr.arpa` -> `1.2.3.4`; undefined when not a PTR name. */
export function ipFromPtrName(name: string): string | undefined {
  const n = fqdn(name);
  if (n.endsWith('.in-addr.arpa')) {
    const parts = n.slice(0, -'.in-addr.arpa'.length).split('.');
    return parts.length === 4 ? parts.reverse().join('.') : undefined;
  }
  if (n.endsWith('.ip6.arpa')) {
    const nibbles = n.slice(0, -'.ip6.arpa'.length).split('.').reverse();
    if (nibbles.length !== 32) return undefined;
    const groups: string[] = [];
    for (let i = 0; i < 32; i += 4) groups.push(nibbles.slice(i, i + 4).join(''));
    return compressIpv6(groups.join(':'));
  }
  return undefined;
}
