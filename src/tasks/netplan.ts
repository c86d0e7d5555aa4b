// The netplan side of IPv6: providers ship the IPv6 address and gateway as
// commented lines (Contabo, the lab); enabling them and applying is the one
// change that can cut the SSH link, so it is applied under a rollback guard
// on the server that restores the previous file unless we confirm in time.
import { uncommentLines } from '../remote/edits.js';
import { raw, sh, quote, type Raw } from '../remote/quote.js';
import { asset, fill } from './assets.js';
import type { StepContext } from './types.js';

const GUARD_DIR = '/run/mailsetup';
const GUARD_SECONDS = 45;

/** A commented line that is an IPv6 address entry or an IPv6 gateway. */
export const isIpv6Line = (content: string): boolean =>
  /^-\s*["']?[0-9a-fA-F]*:[0-9a-fA-F:]+\/\d+["']?\s*$/.test(content) || /^gateway6\s*:/.test(content) || /^-\s*to:\s*["']?(::\/0|default)/.test(content);

export async function netplanFiles(ctx: StepContext): Promise<string[]> {
  const res = await ctx.remote.exec(sh`ls -1 /etc/netplan/*.yaml 2>/dev/null`, { readOnly: true, allowFailure: true });
  return res.stdout.split('\n').map((l) => l.trim()).filter(Boolean);
}

/** In a container (the lab) `netplan apply` needs udev, which is not there. */
async function applyCommand(ctx: StepContext, iface: string): Promise<Raw> {
  const virt = await ctx.remote.exec(sh`systemd-detect-virt -c`, { readOnly: true, allowFailure: true });
  const container = virt.code === 0 && virt.stdout.trim() !== 'none';
  return container ? sh`netplan generate && networkctl reload && networkctl reconfigure ${iface}` : raw('netplan apply');
}

export interface NetplanChange {
  file: string;
  changed: boolean;
}

/**
 * A guard still armed by an earlier run that lost its link would put the old
 * file back behind this run's back, after this run found the change in place.
 * We are connected now, with the change applied: it did not cut the link, so
 * confirm it, exactly as that run would have.
 */
async function confirmPendingGuard(ctx: StepContext): Promise<void> {
  const pid = `${GUARD_DIR}/netplan-guard.pid`;
  const confirm = `${GUARD_DIR}/netplan-confirmed`;
  // Probe first: a dry run on a finished server must list nothing.
  const pending = await ctx.remote.exec(sh`[ -e ${pid} ] && [ ! -e ${confirm} ]`, { readOnly: true, allowFailure: true });
  if (pending.code !== 0) return;
  await ctx.remote.exec(sh`touch ${confirm}; kill "$(cat ${pid})" 2>/dev/null; true`);
}

/** Uncomment the IPv6 lines; apply under the guard. Throws (with the guard armed) when the link is lost. */
export async function enableNetplanIpv6(ctx: StepContext, iface: string): Promise<NetplanChange[]> {
  const out: NetplanChange[] = [];
  await confirmPendingGuard(ctx);
  for (const file of await netplanFiles(ctx)) {
    const content = (await ctx.remote.readFile(file))?.toString('utf8') ?? '';
    const next = uncommentLines(content, isIpv6Line);
    if (next === content) {
      out.push({ file, changed: false });
      continue;
    }
    const apply = await applyCommand(ctx, iface);
    const written = await ctx.remote.writeFile(file, next, { mode: 0o600 });
    const confirm = `${GUARD_DIR}/netplan-confirmed`;
    const guard = fill(asset('netplan/rollback-guard.sh'), {
      seconds: String(GUARD_SECONDS),
      confirmFile: quote(confirm),
      backup: quote(written.backupPath ?? ''),
      file: quote(file),
      apply: apply.text,
    });
    await ctx.remote.exec(sh`mkdir -p ${GUARD_DIR} && rm -f ${confirm}`);
    await ctx.remote.writeFile(`${GUARD_DIR}/netplan-guard.sh`, guard, { mode: 0o700, backup: false });
    await ctx.remote.exec(sh`setsid sh ${`${GUARD_DIR}/netplan-guard.sh`} </dev/null >/dev/null 2>&1 & echo $! > ${`${GUARD_DIR}/netplan-guard.pid`}`);
    await ctx.remote.exec(apply, { timeoutMs: 30_000 });
    try {
      // Still reachable over the same connection: keep the new config.
      await ctx.remote.exec(sh`touch ${confirm}; kill "$(cat ${`${GUARD_DIR}/netplan-guard.pid`})" 2>/dev/null; true`, { timeoutMs: 15_000 });
    } catch (error) {
      throw new Error(
        `after applying ${file} the server stopped answering: it puts the previous file back within ${GUARD_SECONDS} s. ` +
          `Check the IPv6 lines of ${file} (address, gateway) against your host's panel, then run mailsetup again. (${(error as Error).message})`,
      );
    }
    out.push({ file, changed: true });
  }
  return out;
}
