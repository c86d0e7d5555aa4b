// The change plan between what mailsetup wants and what DNS holds. It only
// ever touches records of the same name, type and (for TXT) kind: a Google
// site-verification TXT at the apex survives, while the apex's v=spf1 records
// (merged beforehand) are replaced by the single merged one.
import type { DnsRecord, ExistingRecord } from '../types.js';
import { relatedValues, sameValues } from './match.js';
import type { RecordChange } from './types.js';

/** Plans the records that live in the domain's zone; PTR and other-domain records are the user's to set. */
export function planChanges(desired: DnsRecord[], current: ExistingRecord[]): RecordChange[] {
  return desired
    .filter((r) => r.home === 'zone')
    .map((record) => {
      const existing = current.find((c) => c.name === record.name && c.type === record.type);
      const values = existing?.values ?? [];
      const related = relatedValues(record.type, record.values, values);
      const previous = {
        values: related.map((i) => values[i]!),
        txtChunks: existing?.txtChunks ? related.map((i) => existing.txtChunks![i]!) : undefined,
      };
      if (previous.values.length === 0) return { action: 'add' as const, record, previous };
      if (sameValues(record.type, record.values, previous.values)) return { action: 'keep' as const, record, previous };
      return { action: 'replace' as const, record, previous };
    });
}

export const pendingChanges = (changes: RecordChange[]): RecordChange[] => changes.filter((c) => c.action !== 'keep');
