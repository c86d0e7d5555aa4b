// `mailsetup --lab --check --json` of the real CLI against a lab instance,
// and the "break one thing, see it fail, repair, see it pass" pattern the
// lab's check tests share.
import { rm } from 'node:fs/promises';
import { execa } from 'execa';
import type { CheckReport } from '../../src/checks/report.js';
import { labDown } from '../../src/lab/index.js';
import type { Remote } from '../../src/remote/types.js';
import { CLI_ENTRY } from './cli-entry.js';

export interface LabCheck {
  /** One run; its exit code must be 1 exactly when a result fails, and every warn or fail carries a fix. */
  check(extraArgs?: string[]): Promise<CheckReport>;
  /** The breakage shows as `ids` failing (nothing else fails); repaired, the host passes again. Returns the broken report. */
  broken(ids: string[], breakIt: () => Promise<unknown>, repair: () => Promise<unknown>): Promise<CheckReport>;
}

export const failingIds = (doc: CheckReport): string[] => doc.results.filter((r) => r.status === 'fail').map((r) => r.id).sort();
export const resultById = (doc: CheckReport, id: string) => doc.results.find((r) => r.id === id);

/** Exactly `ids` fail; on a mismatch jest shows each failure's details, not only its id. */
export function expectFailing(doc: CheckReport, ids: string[]): void {
  const shown = doc.results.filter((r) => r.status === 'fail').map((r) => `${r.id}: ${r.details ?? ''}`).sort();
  const escape = (t: string) => t.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  expect(shown).toEqual([...ids].sort().map((id) => expect.stringMatching(new RegExp(`^${escape(id)}: `))));
}

export function labCheck(opts: { root: string; stateDir: () => string; instance: number; os?: string }): LabCheck {
  async function check(extraArgs: string[] = []): Promise<CheckReport> {
    const stateDir = opts.stateDir();
    const run = await execa('node', [CLI_ENTRY, '--lab', '--check', '--json', '--state-dir', stateDir, ...extraArgs], {
      cwd: opts.root,
      reject: false,
      env: { MAILSETUP_LAB_INSTANCE: String(opts.instance), MAILSETUP_LAB_OS: opts.os ?? 'debian13', NO_COLOR: '1', XDG_STATE_HOME: stateDir },
    });
    expect(run.stderr).toBe('');
    const doc = JSON.parse(run.stdout) as CheckReport;
    const failed = doc.results.some((r) => r.status === 'fail');
    expect({ exitCode: run.exitCode, status: doc.status }).toEqual({ exitCode: failed ? 1 : 0, status: failed ? 'fail' : expect.stringMatching(/^(ok|warn)$/) });
    for (const r of doc.results) if (r.status === 'fail' || r.status === 'warn') expect(r).toMatchObject({ fix: expect.stringMatching(/\S/) });
    return doc;
  }
  async function broken(ids: string[], breakIt: () => Promise<unknown>, repair: () => Promise<unknown>): Promise<CheckReport> {
    await breakIt();
    let doc: CheckReport;
    try {
      doc = await check();
    } finally {
      await repair();
    }
    expectFailing(doc, ids);
    expectFailing(await check(), []);
    return doc;
  }
  return { check, broken };
}

/** After a file's lab tests: its connection closed, its lab instance down, its state folder gone. */
export async function tearDownLab(instance: number, remote: Remote | undefined, stateDir: string | undefined): Promise<void> {
  await remote?.close().catch(() => undefined);
  await labDown({ instance });
  if (stateDir) await rm(stateDir, { recursive: true, force: true });
}
