// The records as a plain-text table that fits a terminal (80 columns by
// default): long values wrap at spaces, and tokens too long for a line (a
// DKIM key) are cut in the middle so both ends stay recognisable.
import type { DnsRecord } from './types.js';

export interface TableOptions {
  width?: number;
  /** Print each record's purpose under it. */
  purpose?: boolean;
  /** At most this many lines per value; the rest is elided. */
  maxValueLines?: number;
}

export function elideMiddle(text: string, width: number): string {
  if (text.length <= width) return text;
  if (width <= 1) return '…';
  const head = Math.ceil((width - 1) / 2);
  return `${text.slice(0, head)}…${text.slice(text.length - (width - 1 - head))}`;
}

export function wrapValue(value: string, width: number, maxLines: number): string[] {
  const lines: string[] = [];
  let current = '';
  for (const word of value.split(/\s+/).filter(Boolean).map((w) => elideMiddle(w, width))) {
    if (current && current.length + 1 + word.length > width) {
      lines.push(current);
      current = word;
    } else current = current ? `${current} ${word}` : word;
  }
  lines.push(current);
  if (lines.length <= maxLines) return lines;
  const kept = lines.slice(0, maxLines);
  kept[maxLines - 1] = elideMiddle(`${kept[maxLines - 1]} …`, width);
  return kept;
}

export function renderTable(records: DnsRecord[], options: TableOptions = {}): string {
  const width = options.width ?? 80;
  const maxLines = options.maxValueLines ?? 4;
  const typeW = 5;
  const nameW = Math.min(32, Math.max(4, ...records.map((r) => r.name.length)));
  const valueW = Math.max(16, width - nameW - typeW - 4);
  const out = [`${'NAME'.padEnd(nameW)}  ${'TYPE'.padEnd(typeW)}  VALUE`, '-'.repeat(Math.min(width, nameW + typeW + valueW + 4))];
  for (const r of records) {
    const name = elideMiddle(r.name, nameW).padEnd(nameW);
    let first = true;
    for (const value of r.values) {
      for (const text of wrapValue(value, valueW, maxLines)) {
        out.push(`${first ? name : ' '.repeat(nameW)}  ${(first ? r.type : '').padEnd(typeW)}  ${text}`.trimEnd());
        first = false;
      }
    }
    if (options.purpose) {
      for (const text of wrapValue(`↳ ${r.purpose}${r.optional ? ' (optional)' : ''}`, width - 2, 2)) out.push(`  ${text}`);
    }
  }
  return out.join('\n') + '\n';
}
