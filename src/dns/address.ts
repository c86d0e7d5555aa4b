// A and AAAA for the mail hostname: receivers check that the PTR name
// resolves back to the sending IP (forward-confirmed reverse DNS).
import { DEFAULT_TTL, fqdn, type DnsRecord } from './types.js';
import { compressIpv6, isIpv4, isIpv6 } from './ip.js';

export function addressRecords(hostname: string, ipv4: string[], ipv6: string[], ttl = DEFAULT_TTL): DnsRecord[] {
  for (const ip of ipv4) if (!isIpv4(ip)) throw new Error(`not an IPv4 address: ${ip}`);
  for (const ip of ipv6) if (!isIpv6(ip)) throw new Error(`not an IPv6 address: ${ip}`);
  const records: DnsRecord[] = [];
  if (ipv4.length > 0) {
    records.push({ name: fqdn(hostname), type: 'A', values: [...new Set(ipv4)], ttl, home: 'zone',
      purpose: 'the mail hostname points at the server (IPv4), matching its PTR' });
  }
  if (ipv6.length > 0) {
    records.push({ name: fqdn(hostname), type: 'AAAA', values: [...new Set(ipv6.map(compressIpv6))], ttl, home: 'zone',
      purpose: 'the mail hostname points at the server (IPv6), matching its PTR' });
  }
  return records;
}
