// Polls DNS until every record is visible, reporting each record's state on
// every round so the UI can show a live "waiting for DNS" list.
import type { DnsResolver } from '../resolve.js';
import type { DnsRecord } from '../types.js';
import { readRecord } from './current.js';
import { normalizeValue } from './match.js';

export type WaitState = 'waiting' | 'visible' | 'different' | 'error';

export interface RecordStatus {
  record: DnsRecord;
  state: WaitState;
  /** What DNS answered last. */
  seen: string[];
  detail?: string;
}

export interface WaitOptions {
  onProgress?: (statuses: RecordStatus[]) => void;
  timeoutMs?: number;
  intervalMs?: number;
  signal?: AbortSignal;
}

export interface WaitResult {
  ok: boolean;
  statuses: RecordStatus[];
}

/** A record is visible when every desired value is among the values DNS returns. */
export async function recordStatus(record: DnsRecord, resolver: DnsResolver): Promise<RecordStatus> {
  try {
    const { values } = await readRecord(resolver, record.name, record.type);
    const seen = new Set(values.map((v) => normalizeValue(record.type, v)));
    const visible = record.values.every((v) => seen.has(normalizeValue(record.type, v)));
    const state: WaitState = visible ? 'visible' : values.length === 0 ? 'waiting' : 'different';
    return { record, state, seen: values };
  } catch (err) {
    return { record, state: 'error', seen: [], detail: (err as Error).message };
  }
}

const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => { clearTimeout(timer); resolve(); }, { once: true });
  });

export async function waitForRecords(records: DnsRecord[], resolver: DnsResolver, options: WaitOptions = {}): Promise<WaitResult> {
  const deadline = Date.now() + (options.timeoutMs ?? 10 * 60_000);
  const interval = options.intervalMs ?? 5000;
  let statuses: RecordStatus[] = [];
  for (;;) {
    statuses = await Promise.all(records.map((r) => recordStatus(r, resolver)));
    options.onProgress?.(statuses);
    const ok = statuses.every((s) => s.state === 'visible');
    if (ok) return { ok, statuses };
    if (Date.now() + interval > deadline || options.signal?.aborted) return { ok: false, statuses };
    await sleep(interval, options.signal);
    if (options.signal?.aborted) return { ok: false, statuses };
  }
}
