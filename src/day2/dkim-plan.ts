// DKIM rotation, the order chasquid's DKIM docs advise: a new key under a
// new selector, its record published, and only once DNS shows it does the
// new key replace the old one. The old record stays in DNS, so mail signed
// before the switch still verifies while it is in flight.
import { validateSelector } from '../state/validate.js';
import { newSelector } from '../tasks/dkim.js';
import { publisherName } from '../dns/providers/registry/index.js';

/** `--selector` when given, else the date-based name of the setup, made unique. */
export function pickSelector(existing: string[], wanted?: string, at = new Date()): string {
  if (wanted) {
    const problem = validateSelector(wanted);
    if (problem) throw new Error(`--selector ${wanted} ${problem}`);
    if (existing.includes(wanted)) throw new Error(`--selector ${wanted} is the key in use now: pick a new name`);
    return wanted;
  }
  const base = newSelector(at);
  if (!existing.includes(base)) return base;
  for (let n = 2; ; n++) if (!existing.includes(`${base}x${n}`)) return `${base}x${n}`;
}

export function describeRotation(domain: string, from: string[], to: string, mode: 'native' | 'hook', dnsProvider: string): string[] {
  return [
    `Rotate the DKIM key of ${domain}: ${from.join(', ') || '(none)'} -> ${to} (${mode === 'native' ? 'chasquid signs natively' : 'post-data hook'})`,
    `  1. make a new key for selector ${to} on the server, kept aside (the old key still signs)`,
    `  2. publish TXT ${to}._domainkey.${domain} ${dnsProvider === 'manual' ? '(shown for you to add; mailsetup waits until DNS has it)' : `through ${publisherName(dnsProvider)}`}`,
    '  3. once DNS shows it: put the new key in place, delete the old key file, restart chasquid',
    `  4. check: the record matches the key, and a test mail is signed with ${to} and verifies`,
    `  The old record${from.length > 1 ? 's stay' : ' stays'} in DNS so mail already sent still verifies; remove ${from.length > 1 ? 'them' : 'it'} in a week or so.`,
  ];
}
