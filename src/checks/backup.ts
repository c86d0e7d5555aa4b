// The local backup is only as good as its date: a sender, alias or key
// changed on the server after the last backup is not in it. This compares the
// newest change of the files the backup keeps (their modification time on
// the server) with the last commit of the backup repository on this computer.
import { sh } from '../remote/quote.js';
import { serverText } from '../remote/server-text.js';
import { keep } from '../server/backup-scope.js';
import { CHASQUID_DIR } from '../server/paths.js';
import type { CheckContext } from './context.js';
import { describeError, results } from './result.js';
import type { CheckResult } from './types.js';

const r = results('Backup');
const ID = 'backup.fresh';

type Ctx = Pick<CheckContext, 'remote' | 'noRemoteReason' | 'timeoutMs' | 'backup'>;

/** `find -printf '%T@ %p\0'` output -> the newest kept file and its time (seconds). */
export function newestChange(output: string, includeDkimKey: boolean): { path: string; at: number } | undefined {
  let newest: { path: string; at: number } | undefined;
  for (const entry of output.split('\0')) {
    const m = /^(\d+)(?:\.\d+)? (\/.*)$/s.exec(entry);
    if (!m || !keep(m[2]!, includeDkimKey)) continue;
    const at = Number(m[1]);
    if (!newest || at > newest.at) newest = { path: m[2]!, at };
  }
  return newest;
}

/** The last commit's time (seconds) in the backup repository, or undefined when there is none. */
async function lastBackup(dir: string): Promise<number | undefined> {
  const { execa } = await import('execa');
  const res = await execa('git', ['-c', 'core.fsmonitor=false', 'log', '-1', '--format=%ct'], { cwd: dir, reject: false });
  return res.exitCode === 0 && /^\d+$/.test(res.stdout.trim()) ? Number(res.stdout.trim()) : undefined;
}

const when = (seconds: number) => new Date(seconds * 1000).toISOString().replace(/\.\d+Z$/, 'Z');

export async function checkBackupFresh(ctx: Ctx): Promise<CheckResult[]> {
  const title = 'The local backup holds the latest change on the server';
  if (!ctx.backup) return []; // not a host mailsetup backs up
  if (!ctx.remote) return [r.skip(ID, title, ctx.noRemoteReason ?? 'no SSH access')];
  const { dir, includeDkimKey } = ctx.backup;
  const fix = `Run mailsetup again: its backup step commits the server's configuration into ${dir}.`;
  try {
    const [listing, backedUp] = await Promise.all([
      ctx.remote.exec(sh`find ${CHASQUID_DIR} -type f -printf '%T@ %p\\0'`, { readOnly: true, allowFailure: true, timeoutMs: ctx.timeoutMs }),
      lastBackup(dir).catch(() => undefined),
    ]);
    const newest = newestChange(listing.stdout, includeDkimKey);
    if (backedUp === undefined) return [r.warn(ID, title, `no backup in ${dir} on this computer`, fix)];
    if (!newest || newest.at <= backedUp) return [r.ok(ID, title, `last backup ${when(backedUp)}${newest ? `, last change ${when(newest.at)}` : ''}`)];
    return [r.warn(ID, title, `${serverText(newest.path, 200)} changed on ${when(newest.at)}, after the last backup (${when(backedUp)})`, fix)];
  } catch (err) {
    return [r.fail(ID, title, describeError(err), 'Check SSH access, then run the check again.')];
  }
}
