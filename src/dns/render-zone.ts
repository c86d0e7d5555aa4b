// A BIND zone snippet to paste into the domain's zone: names relative to
// $ORIGIN, TXT values as quoted 255-byte strings (a DKIM key does not fit one).
// Records that belong in other zones are listed as comments.
import { quoteTxtChunk, splitTxt } from './txt.js';
import { fqdn, type DnsRecord } from './types.js';

const absolute = (name: string): string => `${fqdn(name)}.`;

function ownerName(name: string, origin: string): string {
  if (name === origin) return '@';
  if (name.endsWith(`.${origin}`)) return name.slice(0, -(origin.length + 1));
  return absolute(name);
}

function rdata(record: DnsRecord, value: string, indent: number): string {
  switch (record.type) {
    case 'TXT': {
      const chunks = splitTxt(value).map(quoteTxtChunk);
      if (chunks.length === 1) return chunks[0]!;
      return `( ${chunks.join(`\n${' '.repeat(indent + 2)}`)} )`;
    }
    case 'MX': {
      const [priority, host] = value.split(/\s+/);
      return `${priority} ${absolute(host!)}`;
    }
    case 'PTR':
    case 'CNAME':
      return absolute(value);
    default:
      return value;
  }
}

function line(record: DnsRecord, value: string, origin: string | undefined, prefix = ''): string {
  const owner = origin ? ownerName(record.name, origin) : absolute(record.name);
  const head = `${prefix}${owner.padEnd(24)} ${String(record.ttl).padStart(5)} IN ${record.type.padEnd(5)} `;
  const body = rdata(record, value, head.length);
  return prefix ? (head + body).split('\n').join(`\n${prefix}`) : head + body;
}

export function renderZoneSnippet(records: DnsRecord[], domain: string): string {
  const origin = fqdn(domain);
  const out = [`$ORIGIN ${origin}.`];
  for (const r of records.filter((r) => r.home === 'zone')) {
    out.push(`; ${r.purpose}${r.optional ? ' (optional)' : ''}`);
    for (const v of r.values) out.push(line(r, v, origin));
  }
  const elsewhere = records.filter((r) => r.home !== 'zone');
  if (elsewhere.length > 0) {
    out.push('', '; Not in this zone:');
    for (const r of elsewhere) {
      out.push(`; ${r.purpose}`);
      for (const v of r.values) out.push(line(r, v, undefined, '; '));
    }
  }
  return out.join('\n') + '\n';
}
