// The netplan side of IPv6: providers ship the IPv6 address and gateway as
// commented lines (Contabo, the lab); enabling them and applying is the one
// change that can cut the SSH link, so it is applied under a rollback guard
// on the server that restores the previous file unless we confirm in time.
import { uncommentLines } from '../remote/edits.js';
import { raw, sh, type Raw } from '../remote/quote.js';
import { applyUnderGuard, confirmPendingGuard, newestBackup } from './network-guard.js';
import type { StepContext } from './types.js';

/** A commented line that is an IPv6 address entry or an IPv6 gateway. */
export const isIpv6Line = (content: string): boolean =>
  /^-\s*["']?[0-9a-fA-F]*:[0-9a-fA-F:]+\/\d+["']?\s*$/.test(content) || /^gateway6\s*:/.test(content) || /^-\s*to:\s*["']?(::\/0|default)/.test(content);

export async function netplanFiles(ctx: StepContext): Promise<string[]> {
  const res = await ctx.remote.exec(sh`ls -1 /etc/netplan/*.yaml 2>/dev/null`, { readOnly: true, allowFailure: true });
  return res.stdout.split('\n').map((l) => l.trim()).filter(Boolean);
}

/** True in a container (the lab), where `netplan apply` needs udev, which is not there. */
async function inContainer(ctx: StepContext): Promise<boolean> {
  const virt = await ctx.remote.exec(sh`systemd-detect-virt -c`, { readOnly: true, allowFailure: true });
  return virt.code === 0 && virt.stdout.trim() !== 'none';
}

function applyCommand(container: boolean, iface: string): Raw {
  return container ? sh`netplan generate && networkctl reload && networkctl reconfigure ${iface}` : raw('netplan apply');
}

export interface NetplanChange {
  file: string;
  changed: boolean;
}

/** The IPv6 addresses a netplan file configures (its active `- addr/len` lines). */
export function configuredIpv6(content: string): string[] {
  return [...content.matchAll(/^\s*-\s*["']?([0-9a-fA-F]*:[0-9a-fA-F:]+)\/\d+["']?\s*$/gm)].map((m) => m[1]!.toLowerCase());
}

/** Global IPv6 addresses the server has now, tentative ones included (what is in effect). */
export async function assignedIpv6(ctx: StepContext): Promise<string[]> {
  const res = await ctx.remote.exec(sh`ip -6 -o addr show scope global`, { readOnly: true, allowFailure: true });
  return [...res.stdout.matchAll(/inet6\s+([0-9a-fA-F:]+)\//g)].map((m) => m[1]!.toLowerCase());
}

/** Same address, whatever the zero compression (fd00::12 and fd00:0::12). */
export function sameIpv6(a: string, b: string): boolean {
  const expand = (x: string) => {
    const [head, tail = ''] = x.split('::');
    const h = head ? head.split(':') : [];
    const t = x.includes('::') && tail ? tail.split(':') : [];
    const groups = x.includes('::') ? [...h, ...Array(8 - h.length - t.length).fill('0'), ...t] : h;
    return groups.map((g) => parseInt(g || '0', 16)).join(':');
  };
  return expand(a) === expand(b);
}

/** Apply `file` under the rollback guard; the guard applies the backup again if the link is lost. */
async function applyNetplan(ctx: StepContext, file: string, backup: string, apply: Raw): Promise<void> {
  await applyUnderGuard(ctx, { kind: 'netplan', file, backup, apply, undo: apply });
}

/**
 * Uncomment the IPv6 lines and apply under the guard. A file whose lines are
 * already uncommented but whose addresses are not on the server (a run cut
 * off between writing and applying) is applied again: what is in effect
 * decides, not what is written. Throws (with the guard armed) when the link is lost.
 */
export async function enableNetplanIpv6(ctx: StepContext, iface: string, files: string[]): Promise<{ changes: NetplanChange[]; contents: string[] }> {
  const out: NetplanChange[] = [];
  // The pending guard, the files, the addresses in effect and how to apply: one round trip.
  const [, contents, inEffect, container] = await Promise.all([
    confirmPendingGuard(ctx, 'netplan'),
    Promise.all(files.map(async (f) => (await ctx.remote.readFile(f))?.toString('utf8') ?? '')),
    assignedIpv6(ctx),
    inContainer(ctx),
  ]);
  const apply = applyCommand(container, iface);
  for (const [i, file] of files.entries()) {
    const content = contents[i]!;
    const next = uncommentLines(content, isIpv6Line);
    if (next !== content) {
      const written = await ctx.remote.writeFile(file, next, { mode: 0o600 });
      await applyNetplan(ctx, file, written.backupPath ?? '', apply);
      out.push({ file, changed: true });
      continue;
    }
    const wanted = configuredIpv6(content);
    const missing = wanted.filter((w) => !inEffect.some((a) => sameIpv6(a, w)));
    if (!missing.length) {
      out.push({ file, changed: false });
      continue;
    }
    // Written but not in effect. Roll back to the file as the host shipped
    // it if this apply cuts the link; without such a backup, keep the file
    // (removing it would take the server's network with it).
    const backup = (await newestBackup(ctx, file)) || file;
    await applyNetplan(ctx, file, backup, apply);
    out.push({ file, changed: true });
  }
  return { changes: out, contents };
}
