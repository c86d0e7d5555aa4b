// Builds the _dmarc record from the choices the wizard explains, and says
// which report addresses live in another domain: RFC 7489 7.1 has receivers
// send reports there only if that domain publishes an authorization record.
import { DEFAULT_TTL, fqdn, type DnsRecord } from '../types.js';
import { parseFo, reportUriDomain, type DmarcFailureOption, type DmarcRecord } from './parse.js';

export interface DmarcChoices {
  p: DmarcRecord['p'];
  sp?: DmarcRecord['sp'];
  adkim?: 'r' | 's';
  aspf?: 'r' | 's';
  pct?: number;
  /** `['1']`, `['d','s']`, or the RFC text form `"d:s"`. */
  fo?: DmarcFailureOption[] | string;
  /** Addresses (`rua@example.com`) or URIs (`mailto:rua@example.com`). */
  rua?: string[];
  ruf?: string[];
}

const toMailto = (a: string): string => (/^(mailto|https?):/i.test(a.trim()) ? a.trim() : `mailto:${a.trim()}`);

export function buildDmarcValue(choices: DmarcChoices): string {
  const tags = ['v=DMARC1', `p=${choices.p}`];
  if (choices.sp) tags.push(`sp=${choices.sp}`);
  if (choices.adkim) tags.push(`adkim=${choices.adkim}`);
  if (choices.aspf) tags.push(`aspf=${choices.aspf}`);
  if (choices.pct !== undefined && choices.pct !== 100) {
    if (!Number.isInteger(choices.pct) || choices.pct < 0 || choices.pct > 100) throw new Error('DMARC pct must be 0-100');
    tags.push(`pct=${choices.pct}`);
  }
  if (choices.fo !== undefined) {
    const fo = typeof choices.fo === 'string' ? parseFo(choices.fo) : parseFo(choices.fo.join(':'));
    if (!fo) throw new Error(`DMARC fo must be 0, 1, d or s, combined with ":" (RFC 7489), got "${String(choices.fo)}"`);
    if (!(fo.length === 1 && fo[0] === '0')) tags.push(`fo=${fo.join(':')}`); // fo=0 is the default
  }
  if (choices.rua?.length) tags.push(`rua=${choices.rua.map(toMailto).join(',')}`);
  if (choices.ruf?.length) tags.push(`ruf=${choices.ruf.map(toMailto).join(',')}`);
  return tags.join('; ');
}

/** Organizational match without a public-suffix list: same domain, or one inside the other. */
const sameOrganization = (a: string, b: string): boolean => a === b || a.endsWith(`.${b}`) || b.endsWith(`.${a}`);

/** Report domains outside `domain`: each must publish `<domain>._report._dmarc.<other>` TXT `v=DMARC1`. */
export function externalReportDomains(domain: string, choices: Pick<DmarcChoices, 'rua' | 'ruf'>): string[] {
  const d = fqdn(domain);
  const uris = [...(choices.rua ?? []), ...(choices.ruf ?? [])].map(toMailto);
  const others = uris.map(reportUriDomain).filter((x): x is string => !!x && !sameOrganization(x, d));
  return [...new Set(others)];
}

export function dmarcRecords(domain: string, choices: DmarcChoices, ttl = DEFAULT_TTL): { records: DnsRecord[]; notes: string[] } {
  const d = fqdn(domain);
  const records: DnsRecord[] = [{ name: `_dmarc.${d}`, type: 'TXT', values: [buildDmarcValue(choices)], ttl, home: 'zone',
    purpose: `DMARC policy p=${choices.p}: what receivers do with mail failing SPF and DKIM` }];
  const notes: string[] = [];
  for (const other of externalReportDomains(d, choices)) {
    records.push({ name: `${d}._report._dmarc.${other}`, type: 'TXT', values: ['v=DMARC1'], ttl, home: 'other-domain',
      purpose: `lets ${other} receive DMARC reports for ${d} (publish in ${other}'s DNS)` });
    notes.push(`Reports go to ${other}, another domain: publish TXT "v=DMARC1" at ${d}._report._dmarc.${other} in ${other}'s DNS, or receivers will not send them.`);
  }
  if (choices.fo !== undefined && !choices.ruf?.length) notes.push('fo= only matters with a ruf= address: without one no failure reports are sent.');
  return { records, notes };
}
