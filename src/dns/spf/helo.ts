// SPF for the host name itself. Receivers check SPF for the HELO identity
// too (RFC 7208 2.3), and bounces (empty MAIL FROM) are judged by it alone;
// the host name only ever sends as this one server, so its record names the
// server and ends in -all. `a` (the host's own A/AAAA) when the apex SPF is
// by host name, else the addresses, the same way as the apex's.
import { DEFAULT_TTL, fqdn, type DnsRecord } from '../types.js';
import { serverMechanisms } from './merge.js';

export function heloSpfValue(ipv4: string[], ipv6: string[], byHostname = false): string {
  const mechanisms = byHostname ? ['a'] : serverMechanisms({ ipv4, ipv6 });
  return `v=spf1 ${mechanisms.join(' ') || 'a'} -all`;
}

export function heloSpfRecord(hostname: string, ipv4: string[], ipv6: string[], byHostname = false, ttl = DEFAULT_TTL): DnsRecord {
  return { name: fqdn(hostname), type: 'TXT', values: [heloSpfValue(ipv4, ipv6, byHostname)], ttl, home: 'zone',
    purpose: 'SPF for the host name (the HELO identity, and bounces): only this server sends as it' };
}
