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

/** The IPv6 addresses a netplan file configures (its active `- addr/len` lines). */
export function configuredIpv6(content: string): string[] {
  return [...content.matchAll(/^\s*-\s*["']?([0-9a-fA-F]*:[0-9a-fA-F:]+)\/\d+["']?\s*$/gm)].map((m) => m[1]!.toLowerCase());
}

/** Global IPv6 addresses the server has now, tentative ones included (what is in effect). */
async function assignedIpv6(ctx: StepContext): Promise<string[]> {
  const res = await ctx.remote.exec(sh`ip -6 -o addr show scope global`, { readOnly: true, allowFailure: true });
  return [...res.stdout.matchAll(/inet6\s+([0-9a-fA-F:]+)\//g)].map((m) => m[1]!.toLowerCase());
}

/** Same address, whatever the zero compression (fd00::12 and fd00:0::12). */
function sameIpv6(a: string, b: string): boolean {
  const expand = (x: string) => {
    const [head, tail = ''] = x.split('::');
    const h = head ? head.split(':') : [];
    const t = x.includes('::') && tail ? tail.split(':') : [];
    const groups = x.includes('::') ? [...h, ...Array(8 - h.length - t.length).fill('0'), ...t] : h;
    return groups.map((g) => parseInt(g || '0', 16)).join(':');
  };
  return expand(a) === expand(b);
}

/**
 * The newest backup mailsetup made of `file`, to roll back to when a file
 * already written is applied again. The name comes from the server: used
 * only when it is exactly a backup name of that file.
 */
async function newestBackup(ctx: StepContext, file: string): Promise<string> {
  const res = await ctx.remote.exec(sh`ls -1t -- ${file}.mailsetup-*.bak 2>/dev/null | head -n 1`, { readOnly: true, allowFailure: true });
  const name = res.stdout.trim();
  const escaped = file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`^${escaped}\\.mailsetup-[0-9T-]+\\.bak$`).test(name) ? name : '';
}

/**
 * Apply `file` under the rollback guard: unless this connection confirms
 * within the guard's time that it still reaches the server, the guard puts
 * `backup` back and applies again.
 */
async function applyUnderGuard(ctx: StepContext, file: string, backup: string, iface: string): Promise<void> {
  const apply = await applyCommand(ctx, iface);
  const confirm = `${GUARD_DIR}/netplan-confirmed`;
  const guard = fill(asset('netplan/rollback-guard.sh'), {
    seconds: String(GUARD_SECONDS),
    confirmFile: quote(confirm),
    backup: quote(backup),
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
}

/**
 * Uncomment the IPv6 lines and apply under the guard. A file whose lines are
 * already uncommented but whose addresses are not on the server (a run cut
 * off between writing and applying) is applied again: what is in effect
 * decides, not what is written. Throws (with the guard armed) when the link is lost.
 */
export async function enableNetplanIpv6(ctx: StepContext, iface: string): Promise<NetplanChange[]> {
  const out: NetplanChange[] = [];
  await confirmPendingGuard(ctx);
  let assigned: string[] | undefined;
  for (const file of await netplanFiles(ctx)) {
    const content = (await ctx.remote.readFile(file))?.toString('utf8') ?? '';
    const next = uncommentLines(content, isIpv6Line);
    if (next !== content) {
      const written = await ctx.remote.writeFile(file, next, { mode: 0o600 });
      await applyUnderGuard(ctx, file, written.backupPath ?? '', iface);
      out.push({ file, changed: true });
      continue;
    }
    const wanted = configuredIpv6(content);
    assigned ??= await assignedIpv6(ctx);
    const missing = wanted.filter((w) => !assigned!.some((a) => sameIpv6(a, w)));
    if (!missing.length) {
      out.push({ file, changed: false });
      continue;
    }
    // Written but not in effect. Roll back to the file as the host shipped
    // it if this apply cuts the link; without such a backup, keep the file
    // (removing it would take the server's network with it).
    const backup = (await newestBackup(ctx, file)) || file;
    await applyUnderGuard(ctx, file, backup, iface);
    out.push({ file, changed: true });
  }
  return out;
}
