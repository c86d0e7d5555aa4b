// CAA (RFC 8659): which certificate authorities may issue for a name. A CA
// names itself in CAA by a domain of its own, its "CAA identity"; mailsetup
// knows the ACME CAs it offers. An ACME server not listed has no known
// identity (the lab's Pebble publishes none).
import type { CaaAnswer } from './resolve.js';
import { DEFAULT_TTL, fqdn, type DnsRecord } from './types.js';

const IDENTITIES: [RegExp, string][] = [
  [/(^|\.)api\.letsencrypt\.org$/i, 'letsencrypt.org'],
  [/(^|\.)zerossl\.com$/i, 'sectigo.com'],
  [/(^|\.)pki\.goog$/i, 'pki.goog'],
  [/(^|\.)buypass\.(com|no)$/i, 'buypass.com'],
];

/** The CAA identity of an ACME directory URL; no URL means mailsetup's default, Let's Encrypt. */
export function caaIdentityOf(acmeDirectory?: string): string | undefined {
  if (!acmeDirectory) return 'letsencrypt.org';
  let host: string;
  try {
    host = new URL(acmeDirectory).hostname;
  } catch {
    return undefined;
  }
  return IDENTITIES.find(([pattern]) => pattern.test(host))?.[1];
}

/** The issuer domain of an `issue` value (`letsencrypt.org; validationmethods=dns-01` -> `letsencrypt.org`); '' for `;` (nobody). */
export const caaIssuer = (value: string): string => value.split(';')[0]!.trim().toLowerCase().replace(/\.$/, '');

/** The zone-file line that lets `identity` issue for `name`. */
export const caaIssueLine = (name: string, identity: string): string => `${name}. CAA 0 issue "${identity}"`;

/** A CAA value in zone-file form (`0 issue "letsencrypt.org"`), as DnsRecord values hold it. */
export const caaValue = (flags: number, tag: string, value: string): string => `${flags} ${tag} "${value}"`;

export function parseCaaValue(text: string): { flags: number; tag: string; value: string } | undefined {
  const m = /^(\d{1,3})\s+([A-Za-z0-9]+)\s+"(.*)"$/.exec(text.trim());
  return m ? { flags: Number(m[1]), tag: m[2]!.toLowerCase(), value: m[3]! } : undefined;
}

/**
 * The CAA set for the domain: the CA in use may issue (bound to the ACME
 * account when it is known, RFC 8657), beside whatever the existing set
 * allows. Existing entries are kept: the apex's CAA governs every certificate
 * of the domain (a website's too), and dropping a CA someone else relies on
 * would break their next renewal.
 */
export function caaRecord(domain: string, identity: string, accountUri: string | undefined, existing: string[], ttl = DEFAULT_TTL): DnsRecord {
  const ours = caaValue(0, 'issue', accountUri ? `${identity}; accounturi=${accountUri}` : identity);
  // An older entry of ours (same CA, another or no account) is replaced, not kept beside.
  const kept = existing.filter((v) => {
    const parsed = parseCaaValue(v);
    return !(parsed && parsed.tag === 'issue' && caaIssuer(parsed.value) === identity);
  });
  return { name: fqdn(domain), type: 'CAA', values: [...kept, ours], ttl, home: 'zone', optional: true,
    purpose: `CAA: only ${identity}${accountUri ? ' (this server\'s ACME account)' : ''}${kept.length ? ' and the CAs already listed' : ''} may issue certificates for ${fqdn(domain)}` };
}

/** A CAA answer of the resolver in the same zone-file form. */
export function caaAnswerValue(answer: CaaAnswer): string {
  const [tag, value] = answer.issue !== undefined ? ['issue', answer.issue] : answer.issuewild !== undefined ? ['issuewild', answer.issuewild] : ['iodef', answer.iodef ?? ''];
  return caaValue(answer.critical ? 128 : 0, tag, value);
}
