// The DNS records screen's text, before publishing: what to add or change
// (each value wrapped, never cut, so a DKIM key can be read and copied whole),
// what is already right, and the zone snippet with every line fitting the
// pane, so it can be copied off the screen into a zone file as it is.
import { ipFromPtrName } from '../dns/ptr.js';
import { ownerName, renderZoneSnippet } from '../dns/render-zone.js';
import { fqdn, type DnsRecord } from '../dns/types.js';
import type { RecordsReview } from '../tasks/types.js';
import type { Line } from './result-pages.js';
import { PANE_WIDTH, wrapHard } from './wrap.js';

/** The name as a DNS panel asks for it: relative to the domain, `@` for the domain itself. */
export const panelName = (name: string, domain: string): string => ownerName(fqdn(name), fqdn(domain));

const SIGN = { add: '+', replace: '~', keep: '=' } as const;

function recordHead(sign: string, record: DnsRecord, domain: string): string {
  return `${sign} ${record.type.padEnd(4)} ${panelName(record.name, domain)}`;
}

/** Each record as a panel asks for it: type and name, then every value wrapped in full (for the page after the run). */
export function recordList(records: DnsRecord[], domain: string, width = PANE_WIDTH): string[] {
  const out: string[] = [];
  for (const r of records.filter((x) => x.home === 'zone')) {
    out.push(`${r.type.padEnd(4)} ${panelName(r.name, domain)}${r.optional ? '  (optional)' : ''}`);
    for (const v of r.values) out.push(...wrapHard(v, width - 4).map((t) => `    ${t}`));
  }
  return out;
}

export function recordsReviewLines(review: RecordsReview, width = PANE_WIDTH): Line[] {
  const { domain, changes } = review;
  const todo = changes.filter((c) => c.action !== 'keep');
  const keep = changes.filter((c) => c.action === 'keep');
  const value = (mark: string, text: string, tone?: Line['tone']): Line[] =>
    wrapHard(text, width - 6).map((t, i) => ({ text: `  ${i === 0 ? mark : ' '} ${t}`, tone }));
  const lines: Line[] = [
    { text: `${review.provider === 'manual' ? 'Add' : 'To publish'} (names relative to ${fqdn(domain)}):`, tone: 'gray' },
  ];
  for (const c of todo) {
    lines.push({ text: recordHead(SIGN[c.action], c.record, domain) + (c.action === 'replace' ? '  (replace the old value)' : ''), tone: 'cyan' });
    if (c.action === 'replace') for (const v of c.previous.values) lines.push(...value('-', v, 'gray'));
    for (const v of c.record.values) lines.push(...value(c.action === 'replace' ? '+' : ' ', v));
  }
  if (keep.length) {
    lines.push({ text: 'Already right (leave as they are):', tone: 'gray' });
    for (const c of keep) lines.push({ text: recordHead('=', c.record, domain), tone: 'green' });
  }
  const reverse = review.records.filter((r) => r.home === 'reverse');
  if (reverse.length) {
    // The reverse zone is the host's: an RFC 2136 server takes the PTR only if it holds that zone too (the DNS step tries).
    const where = review.provider === 'rfc2136' ? "published if your DNS server holds the reverse zone, else in your host's panel" : "in your host's panel";
    lines.push({ text: `Reverse DNS, ${where} (shown again later):`, tone: 'gray' });
    // A panel asks per address, not per reverse name.
    for (const r of reverse) for (const v of r.values) lines.push(...wrapHard(`  ${ipFromPtrName(r.name) ?? r.name} -> ${v}`, width).map((text) => ({ text })));
  }
  if (review.notes?.length) {
    lines.push({ text: 'Notes:', tone: 'gray' });
    for (const n of review.notes) lines.push(...wrapHard(`  ${n}`, width).map((text) => ({ text })));
  }
  if (review.mtaStsPolicy) {
    lines.push({ text: `MTA-STS policy: upload as https://mta-sts.${fqdn(domain)}/.well-known/mta-sts.txt (lines end with CRLF):`, tone: 'gray' });
    for (const text of review.mtaStsPolicy.trimEnd().split(/\r?\n/)) lines.push({ text: `  ${text}`, tone: 'cyan' });
  }
  lines.push({ text: '' }, { text: 'Zone file snippet (every line can be pasted as is):', tone: 'gray' });
  for (const text of renderZoneSnippet(review.records, domain, { width }).trimEnd().split('\n')) lines.push({ text });
  return lines;
}
