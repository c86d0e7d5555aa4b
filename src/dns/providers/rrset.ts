// What an API provider writes for one planned change. Provider APIs hold a
// record set (name + type) as one list of values, so a change is applied to
// the list the provider holds now, not to what DNS showed a moment ago:
// the values the change replaces go (for TXT only those of the same `v=`
// kind, so a site-verification TXT at the apex stays), the desired ones come
// in, and every other value is kept. A/AAAA/MX/CNAME/PTR are replaced as a
// whole, as rfc2136 does.
import { relatedValues, normalizeValue } from './match.js';
import type { RecordChange } from './types.js';

/** The values the record set holds after the change, in order: kept ones first. */
export function nextValues(change: RecordChange, current: string[]): string[] {
  const { type, values: desired } = change.record;
  const replaced = new Set(relatedValues(type, desired, current));
  const kept = current.filter((_, i) => !replaced.has(i));
  const out = [...kept];
  const seen = new Set(kept.map((v) => normalizeValue(type, v)));
  for (const v of desired) {
    if (!seen.has(normalizeValue(type, v))) out.push(v);
    seen.add(normalizeValue(type, v));
  }
  return out;
}

/** True when the provider already holds exactly what the change asks for (a rerun, or DNS lagging behind). */
export function alreadyHolds(change: RecordChange, current: string[]): boolean {
  const next = nextValues(change, current);
  const norm = (list: string[]) => list.map((v) => normalizeValue(change.record.type, v)).sort().join('\n');
  return norm(next) === norm(current);
}
