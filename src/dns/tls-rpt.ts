// Optional TLS-RPT (RFC 8460): where senders report TLS failures delivering
// to this domain.
import { DEFAULT_TTL, fqdn, type DnsRecord } from './types.js';

export function tlsRptRecord(domain: string, reportTo: string[], ttl = DEFAULT_TTL): DnsRecord {
  if (reportTo.length === 0) throw new Error('TLS-RPT needs at least one report address');
  const rua = reportTo.map((a) => (/^(mailto|https):/i.test(a) ? a : `mailto:${a}`)).join(',');
  return { name: `_smtp._tls.${fqdn(domain)}`, type: 'TXT', values: [`v=TLSRPTv1; rua=${rua}`], ttl, home: 'zone', optional: true,
    purpose: 'TLS-RPT: where senders report TLS problems reaching this domain' };
}
