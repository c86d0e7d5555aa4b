// `--dry-run`: a Remote that records what would change instead of changing it.
// Read-only commands and file reads still go to the real server when there is
// one, so steps can probe and decide exactly as in a real run; writes become
// unified diffs against the server's current content. Later reads see the
// would-be content, so a step that writes then reads back stays consistent.
import { unifiedDiff } from './diff.js';
import type { Raw } from './quote.js';
import { redact } from './redact.js';
import type { ExecOptions, ExecResult, Remote, WriteOptions, WriteResult } from './types.js';

export type DryRunRecord =
  | { kind: 'exec'; command: string; withStdin: boolean }
  | { kind: 'write'; path: string; diff: string; mode?: number; owner?: string };

export class DryRunRemote implements Remote {
  readonly records: DryRunRecord[] = [];
  private readonly overlay = new Map<string, Buffer>();

  constructor(
    private readonly real?: Remote,
    private readonly fallbackTarget = 'the server',
  ) {}

  get target(): string {
    return this.real?.target ?? this.fallbackTarget;
  }

  get usesSudo(): boolean {
    return this.real?.usesSudo ?? false;
  }

  /** Commands and writes that would have run. */
  get commandCount(): number {
    return this.records.length;
  }

  async exec(command: Raw, options: ExecOptions = {}): Promise<ExecResult> {
    if (options.readOnly && this.real) return this.real.exec(command, options);
    // stdin is never recorded: it is how secrets travel.
    this.records.push({ kind: 'exec', command: redact(command.text, options.redact), withStdin: options.stdin !== undefined });
    return { code: 0, stdout: '', stderr: '' };
  }

  async readFile(path: string): Promise<Buffer | null> {
    const pending = this.overlay.get(path);
    if (pending) return pending;
    return this.real ? this.real.readFile(path) : null;
  }

  async writeFile(path: string, content: string | Buffer, options: WriteOptions = {}): Promise<WriteResult> {
    const next = Buffer.from(content);
    const current = await this.readFile(path);
    if (current?.equals(next)) return { changed: false };
    this.overlay.set(path, next);
    const diff = unifiedDiff(current?.toString('utf8') ?? '', next.toString('utf8'), path);
    this.records.push({ kind: 'write', path, diff, mode: options.mode, owner: options.owner });
    return { changed: true };
  }

  /** Human-readable listing of the records, one block each. */
  listing(): string {
    return listRecords(this.records);
  }

  /** Ends the real connection too: the dry-run remote stands in for it for the whole run. */
  async close(): Promise<void> {
    await this.real?.close();
  }
}

/** Records as `--dry-run` prints them: `$ command`, or `write PATH (mode, owner)` and its diff. */
export function listRecords(records: DryRunRecord[]): string {
  return records
    .map((r) => {
      if (r.kind === 'exec') return `$ ${r.command}${r.withStdin ? '   (with input on stdin)' : ''}`;
      const attrs = [r.mode !== undefined ? `mode ${r.mode.toString(8).padStart(4, '0')}` : '', r.owner ? `owner ${r.owner}` : '']
        .filter(Boolean)
        .join(', ');
      return `write ${r.path}${attrs ? ` (${attrs})` : ''}\n${r.diff}`.trimEnd();
    })
    .join('\n');
}
