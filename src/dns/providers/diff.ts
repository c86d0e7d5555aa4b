// The --dry-run view of a plan: one line per record, `+` added, `~` replaced
// (old value shown with `-`), `=` already right. Fits 80 columns.
import { elideMiddle } from '../render-table.js';
import type { RecordChange } from './types.js';

const SIGN = { add: '+', replace: '~', keep: '=' } as const;

export function renderDiff(changes: RecordChange[], width = 80): string {
  if (changes.length === 0) return 'No DNS changes.\n';
  const out: string[] = [];
  for (const c of changes) {
    const head = `${SIGN[c.action]} ${c.record.name} ${c.record.type}`;
    out.push(elideMiddle(head, width));
    const show = (mark: string, value: string) => out.push(`    ${mark} ${elideMiddle(value, width - 6)}`);
    if (c.action === 'replace') for (const v of c.previous.values) show('-', v);
    for (const v of c.record.values) show(c.action === 'keep' ? ' ' : '+', v);
  }
  const count = (a: RecordChange['action']) => changes.filter((c) => c.action === a).length;
  out.push(`${count('add')} to add, ${count('replace')} to replace, ${count('keep')} already correct; nothing else is touched.`);
  return out.join('\n') + '\n';
}
