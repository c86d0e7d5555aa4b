// When is a record "the same"? A/AAAA compare as addresses, MX and PTR as
// names (case and trailing dot aside), TXT by the `v=` kind it carries: a
// domain's apex holds many TXT records, and only the one of the same kind
// (the single v=spf1) is ours to replace.
import { compressIpv6, isIpv6 } from '../ip.js';
import { parseMxValue } from '../mx.js';
import { txtKind } from '../txt.js';
import { fqdn, type RecordType } from '../types.js';

export function normalizeValue(type: RecordType, value: string): string {
  switch (type) {
    case 'AAAA':
      return isIpv6(value) ? compressIpv6(value) : value;
    case 'MX': {
      const mx = parseMxValue(value);
      return `${mx.priority} ${mx.host}`;
    }
    case 'PTR':
    case 'CNAME':
      return fqdn(value);
    case 'TXT':
      return value.trim();
    default:
      return value.trim();
  }
}

/** Of the values present, those a desired value of this type would replace. */
export function relatedValues(type: RecordType, desiredValues: string[], current: string[]): number[] {
  if (type !== 'TXT') return current.map((_, i) => i);
  const kinds = new Set(desiredValues.map(txtKind));
  return current
    .map((v, i) => ({ v, i }))
    .filter(({ v }) => {
      const kind = txtKind(v);
      return kind ? kinds.has(kind) : desiredValues.some((d) => d.trim() === v.trim());
    })
    .map(({ i }) => i);
}

export function sameValues(type: RecordType, a: string[], b: string[]): boolean {
  const na = new Set(a.map((v) => normalizeValue(type, v)));
  const nb = new Set(b.map((v) => normalizeValue(type, v)));
  return na.size === nb.size && [...na].every((v) => nb.has(v));
}
