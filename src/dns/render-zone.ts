// A BIND zone snippet to paste into the domain's zone: names relative to
// $ORIGIN, TXT values as quoted 255-byte strings (a DKIM key does not fit one).
// Records that belong in other zones are listed as comments.
// With a width (a terminal pane), every line fits it so it can be copied off
// the screen as is: a long TXT value goes in parentheses, one shorter quoted
// string per line (any string up to 255 bytes is valid, and receivers join
// them without spaces, so the value is the same).
import { quoteTxtChunk, splitTxt, TXT_CHUNK_BYTES } from './txt.js';
import { fqdn, type DnsRecord } from './types.js';

const absolute = (name: string): string => `${fqdn(name)}.`;

/** A name as a zone file (or a DNS panel) writes it: relative to the origin, `@` for the origin itself. */
export function ownerName(name: string, origin: string): string {
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

function line(record: DnsRecord, value: string, origin: string | undefined, prefix = '', width?: number): string {
  const owner = origin ? ownerName(record.name, origin) : absolute(record.name);
  const head = width
    ? `${prefix}${owner} ${record.ttl} IN ${record.type} `
    : `${prefix}${owner.padEnd(24)} ${String(record.ttl).padStart(5)} IN ${record.type.padEnd(5)} `;
  const body = width ? narrowRdata(record, value, head.length, width - prefix.length) : rdata(record, value, head.length);
  return prefix ? (head + body).split('\n').join(`\n${prefix}`) : head + body;
}

/** rdata for a pane `width` wide: a TXT value that does not fit after the head goes one quoted string per line. */
function narrowRdata(record: DnsRecord, value: string, headLength: number, width: number): string {
  const single = rdata(record, value, headLength);
  if (record.type !== 'TXT' || (!single.includes('\n') && headLength + single.length <= width)) return single;
  // Two spaces of indent and two quotes per line; escapes (rare in TXT) may add a character or two.
  const chunks = narrowChunks(value, Math.max(16, Math.min(TXT_CHUNK_BYTES, width - 6))).map(quoteTxtChunk);
  return `(\n${chunks.map((c) => `  ${c}`).join('\n')} )`;
}

/**
 * Strings of at most `max` bytes that join back to the value, cut after a
 * space where one is near the end (between tags: "v=DKIM1; k=rsa; " then
 * "p=..."), so each string reads as whole tags where it can.
 */
function narrowChunks(value: string, max: number): string[] {
  const out: string[] = [];
  let rest = value;
  while (Buffer.byteLength(rest) > max) {
    const [head] = splitTxt(rest, max);
    const space = head!.lastIndexOf(' ');
    const cut = space >= head!.length / 2 ? space + 1 : head!.length;
    out.push(rest.slice(0, cut));
    rest = rest.slice(cut);
  }
  out.push(rest);
  return out;
}

export interface ZoneSnippetOptions {
  /** Fit every line in this many columns (a terminal pane); default: the classic layout. */
  width?: number;
}

export function renderZoneSnippet(records: DnsRecord[], domain: string, options: ZoneSnippetOptions = {}): string {
  const { width } = options;
  const origin = fqdn(domain);
  const out = [`$ORIGIN ${origin}.`];
  for (const r of records.filter((r) => r.home === 'zone')) {
    out.push(`; ${r.purpose}${r.optional ? ' (optional)' : ''}`);
    for (const v of r.values) out.push(line(r, v, origin, '', width));
  }
  const elsewhere = records.filter((r) => r.home !== 'zone');
  if (elsewhere.length > 0) {
    out.push('', '; Not in this zone:');
    for (const r of elsewhere) {
      out.push(`; ${r.purpose}`);
      for (const v of r.values) out.push(line(r, v, undefined, '; ', width));
    }
  }
  const text = out.join('\n');
  return (width ? fitComments(text, width) : text) + '\n';
}

/** Comment lines wider than the pane wrap onto more comment lines (at spaces, or inside a long name). */
function fitComments(text: string, width: number): string {
  const out: string[] = [];
  for (const l of text.split('\n')) {
    if (!l.startsWith(';') || l.length <= width) {
      out.push(l);
      continue;
    }
    let rest = l.replace(/^;\s*/, '');
    const room = width - 2;
    while (rest.length > room) {
      const space = rest.lastIndexOf(' ', room);
      const cut = space > room / 2 ? space : room;
      out.push(`; ${rest.slice(0, cut).trimEnd()}`);
      rest = rest.slice(cut).trimStart();
    }
    out.push(`; ${rest}`);
  }
  return out.join('\n');
}
