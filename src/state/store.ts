// The per-host state file: the answers (never a secret), the facts learned
// from the server, and each step's status. Saved atomically with mode 0600
// after every change, so a killed run leaves the last good state behind.
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Answers } from './answers.js';
import { writeFileAtomic } from './atomic-file.js';
import { hostKey } from './paths.js';

export type StepStatus = 'pending' | 'running' | 'done' | 'failed' | 'skipped';

export interface StepRecord {
  status: StepStatus;
  updatedAt: string;
  /** One-line reason of the last failure (already redacted). */
  error?: string;
}

/** What steps learn about the server and hand to later steps; no secrets. */
export interface Facts {
  os?: { id: string; versionId: string; prettyName: string };
  ipv4?: string[];
  ipv6?: string[];
  chasquidVersion?: string;
  dkim?: { selector: string; record: string; mode: 'native' | 'hook' };
  certificate?: { notAfter?: string; path: string };
  /** The spam filter running and the memory its service took when the step last looked (MB, PSS). */
  spamFilter?: { id: string; memoryMb: number };
  [key: string]: unknown;
}

export interface StateData {
  version: 1;
  host: string;
  answers?: Answers;
  facts: Facts;
  steps: Record<string, StepRecord>;
}

export class StateStore {
  private constructor(
    readonly file: string,
    public data: StateData,
  ) {}

  static fileFor(stateDir: string, user: string, address: string, port: number): string {
    return join(stateDir, 'hosts', `${hostKey(user, address, port)}.json`);
  }

  static async open(stateDir: string, user: string, address: string, port: number): Promise<StateStore> {
    const file = StateStore.fileFor(stateDir, user, address, port);
    let data: StateData = { version: 1, host: `${user}@${address}:${port}`, facts: {}, steps: {} };
    try {
      const parsed = JSON.parse(await readFile(file, 'utf8')) as StateData;
      if (parsed.version === 1) data = parsed;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
        throw new Error(`cannot read the state file ${file}: ${(error as Error).message}. Move it away to start over for this host.`);
      }
    }
    return new StateStore(file, data);
  }

  /** The host worked on most recently (a bare `mailsetup` offers to resume it). */
  static async latest(stateDir: string): Promise<StateStore | null> {
    const dir = join(stateDir, 'hosts');
    const names = (await readdir(dir).catch(() => [] as string[])).filter((n) => n.endsWith('.json'));
    const dated = await Promise.all(names.map(async (n) => ({ n, t: (await stat(join(dir, n))).mtimeMs })));
    const newest = dated.sort((a, b) => b.t - a.t)[0];
    if (!newest) return null;
    try {
      const data = JSON.parse(await readFile(join(dir, newest.n), 'utf8')) as StateData;
      return data.version === 1 && data.answers ? new StateStore(join(dir, newest.n), data) : null;
    } catch {
      return null;
    }
  }

  get exists(): boolean {
    return Object.keys(this.data.steps).length > 0;
  }

  status(stepId: string): StepStatus {
    return this.data.steps[stepId]?.status ?? 'pending';
  }

  async setStep(stepId: string, status: StepStatus, error?: string): Promise<void> {
    this.data.steps[stepId] = { status, updatedAt: new Date().toISOString(), ...(error ? { error } : {}) };
    await this.save();
  }

  async setAnswers(answers: Answers): Promise<void> {
    this.data.answers = answers;
    await this.save();
  }

  async reset(): Promise<void> {
    this.data = { version: 1, host: this.data.host, answers: this.data.answers, facts: {}, steps: {} };
    await this.save();
  }

  /**
   * Steps running side by side save at once: each save waits for the one
   * before it (two renames of one temp name would clash) and writes the data
   * as it is when its turn comes.
   */
  save(): Promise<void> {
    const next = this.saving.then(() => writeFileAtomic(this.file, `${JSON.stringify(this.data, null, 2)}\n`, 0o600));
    this.saving = next.catch(() => undefined);
    return next;
  }

  private saving: Promise<void> = Promise.resolve();
}
