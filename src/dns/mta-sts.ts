// Optional MTA-STS (RFC 8461): tells senders to insist on TLS when they
// deliver to this domain's MX. Only meaningful when the server receives; the
// policy file must be served over HTTPS at mta-sts.<domain>, which mailsetup
// does not host, so the record is offered with the policy text to publish.
import { DEFAULT_TTL, fqdn, type DnsRecord } from './types.js';

export type MtaStsMode = 'none' | 'testing' | 'enforce';

/** A policy id changes whenever the policy does; a UTC timestamp is the usual choice. */
export const mtaStsId = (at = new Date()): string => at.toISOString().replace(/[-:T]/g, '').slice(0, 14);

export function mtaStsRecord(domain: string, id = mtaStsId(), ttl = DEFAULT_TTL): DnsRecord {
  if (!/^[A-Za-z0-9]{1,32}$/.test(id)) throw new Error(`MTA-STS id must be 1-32 letters or digits, got "${id}"`);
  return { name: `_mta-sts.${fqdn(domain)}`, type: 'TXT', values: [`v=STSv1; id=${id}`], ttl, home: 'zone', optional: true,
    purpose: `MTA-STS: senders must use TLS; policy at https://mta-sts.${fqdn(domain)}/.well-known/mta-sts.txt` };
}

export function mtaStsPolicy(mxHosts: string[], mode: MtaStsMode = 'testing', maxAgeSeconds = 86400): string {
  const lines = ['version: STSv1', `mode: ${mode}`, ...mxHosts.map((mx) => `mx: ${fqdn(mx)}`), `max_age: ${maxAgeSeconds}`];
  // RFC 8461 3.2: lines end with CRLF.
  return lines.join('\r\n') + '\r\n';
}
