// Publishing through an API that holds one record per value (Cloudflare,
// Hetzner DNS, DigitalOcean): for each planned change, the values the
// provider holds for that name and type are read, the next set computed
// (rrset.ts: unrelated values stay), missing values created first and
// replaced ones deleted after, so a name is never left without a value.
// Such APIs have no transaction: when a request fails halfway, the message
// says which records were published and which were not.
import { publishFailure, type FailureFixes } from './failure.js';
import { normalizeValue } from '../match.js';
import { nextValues } from '../rrset.js';
import type { RecordChange } from '../types.js';
import type { RecordType } from '../../types.js';

export interface HeldRecord {
  id: string;
  /** mailsetup's form of the value (TXT joined, names without the final dot). */
  value: string;
}

/** One provider's record API, as the engine uses it. */
export interface RecordApi<Zone> {
  /** The zone holding the domain; throws ApiError 'not-found' when none does. */
  findZone(domain: string): Promise<Zone>;
  /** Every record of this name and type in the zone (all pages). */
  list(zone: Zone, name: string, type: RecordType): Promise<HeldRecord[]>;
  create(zone: Zone, name: string, type: RecordType, value: string, ttl: number): Promise<void>;
  remove(zone: Zone, id: string): Promise<void>;
}

export async function publishRecordByRecord<Zone>(provider: string, api: RecordApi<Zone>, domain: string, changes: RecordChange[], fixes: FailureFixes): Promise<void> {
  const todo = changes.filter((c) => c.action !== 'keep');
  const done: RecordChange[] = [];
  try {
    const zone = await api.findZone(domain);
    for (const change of todo) {
      const { name, type, ttl } = change.record;
      const held = await api.list(zone, name, type);
      const next = nextValues(change, held.map((h) => h.value));
      const norm = (v: string) => normalizeValue(type, v);
      const have = new Set(held.map((h) => norm(h.value)));
      const keep = new Set(next.map(norm));
      for (const value of next) if (!have.has(norm(value))) await api.create(zone, name, type, value, ttl);
      for (const h of held) if (!keep.has(norm(h.value))) await api.remove(zone, h.id);
      done.push(change);
    }
  } catch (e) {
    throw publishFailure(provider, e, done, todo.filter((c) => !done.includes(c)), fixes);
  }
}
