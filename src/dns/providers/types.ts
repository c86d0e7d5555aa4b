// What a DNS provider is to mailsetup: something that can apply a planned
// set of record changes, and say in words what it will do (for --dry-run and
// for the manual provider, whose "apply" is the user).
import type { DnsRecord } from '../types.js';

export type ChangeAction = 'add' | 'replace' | 'keep';

export interface RecordChange {
  action: ChangeAction;
  record: DnsRecord;
  /** replace: the records being replaced (only these are deleted). */
  previous: { values: string[]; txtChunks?: string[][] };
}

export interface DnsProvider {
  readonly name: string;
  /** Apply add/replace changes; keep changes are no-ops. Never deletes anything outside `previous`. */
  upsert(changes: RecordChange[]): Promise<void>;
  /** Human-readable account of the changes (what will be done, or what to do). */
  describe(changes: RecordChange[]): string;
}
