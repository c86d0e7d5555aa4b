// Optional TLS-RPT (RFC 8460): where senders report TLS failures delivering
// to this domain.
import { DEFAULT_TTL, fqdn, type DnsRecord } from './types.js';

export const tlsRptName = (domain: string): string => `_smtp._tls.${fqdn(domain)}`;

export function tlsRptRecord(domain: string, reportTo: string[], ttl = DEFAULT_TTL): DnsRecord {
  if (reportTo.length === 0) throw new Error('TLS-RPT needs at least one report address');
  const rua = reportTo.map((a) => (/^(mailto|https):/i.test(a) ? a : `mailto:${a}`)).join(',');
  return { name: tlsRptName(domain), type: 'TXT', values: [`v=TLSRPTv1; rua=${rua}`], ttl, home: 'zone', optional: true,
    purpose: 'TLS-RPT: where senders report TLS problems reaching this domain' };
}

/** The report destinations of a `v=TLSRPTv1; rua=...` record (RFC 8460 3), or what makes it unusable. */
export function parseTlsRptRecord(txt: string): { rua: string[]; problem?: string } {
  const parts = txt.split(';').map((t) => t.trim()).filter(Boolean);
  if (parts[0] !== 'v=TLSRPTv1') return { rua: [], problem: 'does not start with v=TLSRPTv1' };
  const rua = parts.find((p) => /^rua=/i.test(p))?.slice(4).split(',').map((s) => s.trim()).filter(Boolean) ?? [];
  if (rua.length === 0) return { rua, problem: 'has no rua= (where reports go)' };
  const bad = rua.find((u) => !/^mailto:[^@\s]+@[^@\s]+$/i.test(u) && !/^https:\/\/\S+$/i.test(u));
  if (bad) return { rua, problem: `rua ${bad} is neither mailto: an address nor an https:// URL` };
  return { rua };
}
