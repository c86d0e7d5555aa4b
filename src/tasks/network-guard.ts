// The one network change that can cut the SSH link (IPv6 on, through netplan
// or ifupdown) is applied under a rollback guard on the server: unless this
// connection confirms in time that it still reaches the server, the guard
// puts the previous file back and undoes the change (the idea of `netplan try`).
import { sh, quote, type Raw } from '../remote/quote.js';
import { asset, fill } from './assets.js';
import type { StepContext } from './types.js';

const GUARD_DIR = '/run/mailsetup';
export const GUARD_SECONDS = 45;

/** Which configuration system the guard watches over; names its files in /run/mailsetup. */
export type GuardKind = 'netplan' | 'ifupdown';

const files = (kind: GuardKind) => ({
  script: `${GUARD_DIR}/${kind}-guard.sh`,
  pid: `${GUARD_DIR}/${kind}-guard.pid`,
  confirm: `${GUARD_DIR}/${kind}-confirmed`,
});

/**
 * A guard still armed by an earlier run that lost its link would put the old
 * file back behind this run's back, after this run found the change in place.
 * We are connected now, with the change applied: it did not cut the link, so
 * confirm it, exactly as that run would have.
 */
export async function confirmPendingGuard(ctx: StepContext, kind: GuardKind): Promise<void> {
  const f = files(kind);
  // Probe first: a dry run on a finished server must list nothing.
  const pending = await ctx.remote.exec(sh`[ -e ${f.pid} ] && [ ! -e ${f.confirm} ]`, { readOnly: true, allowFailure: true });
  if (pending.code !== 0) return;
  await ctx.remote.exec(sh`touch ${f.confirm}; kill "$(cat ${f.pid})" 2>/dev/null; true`);
}

/**
 * The newest backup mailsetup made of `file` (in `dir`, default beside it),
 * to roll back to when a file already written is applied again. The name
 * comes from the server: used only when it is exactly a backup name of that file.
 */
export async function newestBackup(ctx: StepContext, file: string, dir?: string): Promise<string> {
  const base = dir ? `${dir}/${file.replace(/^.*\//, '')}` : file;
  const res = await ctx.remote.exec(sh`ls -1t -- ${base}.mailsetup-*.bak 2>/dev/null | head -n 1`, { readOnly: true, allowFailure: true });
  const name = res.stdout.trim();
  const escaped = base.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`^${escaped}\\.mailsetup-[0-9T-]+\\.bak$`).test(name) ? name : '';
}

export interface GuardedChange {
  kind: GuardKind;
  /** The configuration file just written, and the copy to put back. */
  file: string;
  backup: string;
  /** Makes the file's change take effect. */
  apply: Raw;
  /** Run by the guard after putting the backup back: undoes what `apply` did. */
  undo: Raw;
}

/**
 * Apply under the rollback guard: unless this connection confirms within
 * the guard's time that it still reaches the server, the guard puts
 * `backup` back and runs `undo`.
 */
export async function applyUnderGuard(ctx: StepContext, change: GuardedChange): Promise<void> {
  const f = files(change.kind);
  const guard = fill(asset('netplan/rollback-guard.sh'), {
    seconds: String(GUARD_SECONDS),
    confirmFile: quote(f.confirm),
    backup: quote(change.backup),
    file: quote(change.file),
    apply: change.undo.text,
  });
  await ctx.remote.writeFile(f.script, guard, { mode: 0o700, backup: false, makeParent: true });
  // One command: an old confirmation removed, the guard running (its pid
  // written), and only then the change applied.
  await ctx.remote.exec(sh`rm -f ${f.confirm}; setsid sh ${f.script} </dev/null >/dev/null 2>&1 & echo $! > ${f.pid} && { ${change.apply}; }`, { timeoutMs: 30_000 });
  try {
    // Still reachable over the same connection: keep the new config.
    await ctx.remote.exec(sh`touch ${f.confirm}; kill "$(cat ${f.pid})" 2>/dev/null; true`, { timeoutMs: 15_000 });
  } catch (error) {
    throw new Error(
      `after applying ${change.file} the server stopped answering: it puts the previous file back within ${GUARD_SECONDS} s. ` +
        `Check the IPv6 lines of ${change.file} (address, gateway) against your host's panel, then run mailsetup again. (${(error as Error).message})`,
    );
  }
}
