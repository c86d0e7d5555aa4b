// The ifupdown side of IPv6, for the Debian images most hosts ship
// (/etc/network/interfaces, often cloud-init's interfaces.d/50-cloud-init):
// the provider's commented `iface X inet6 static` stanza is uncommented, and
// the same address and route are put on the interface under the rollback
// guard. `ip` does exactly what ifup's inet6 static method does, without
// ifdown/ifup of the whole interface, which would take IPv4 (and the SSH
// link) down with it; the file is what the next boot brings up.
import { sh } from '../remote/quote.js';
import { keepCloudInitOffNetwork, writtenByCloudInit } from './cloud-init.js';
import { applyUnderGuard, confirmPendingGuard, newestBackup } from './network-guard.js';
import { assignedIpv6, sameIpv6 } from './netplan.js';
import type { StepContext } from './types.js';
import { backupStamp } from '../remote/write-script.js';

export interface Inet6Stanza {
  iface: string;
  address: string;
  prefix: number;
  gateway?: string;
}

const STANZA = /^\s*iface\s+(\S+)\s+inet6\s+static\b/;
const COMMENTED_STANZA = /^(\s*)#\s*(iface\s+\S+\s+inet6\s+static\b.*)$/;
// Options of an inet6 static stanza a provider may ship commented.
const COMMENTED_OPTION = /^(\s*)#(\s*(?:address|netmask|gateway|accept_ra|autoconf|dad-attempts|privext|scope|mtu|(?:pre-|post-)?(?:up|down))\s+\S.*)$/;

/** Uncomment each commented inet6 static stanza: its `iface` line and the option lines right under it. */
export function uncommentInet6(content: string): string {
  const lines = content.split('\n');
  let inStanza = false;
  for (let i = 0; i < lines.length; i++) {
    const stanza = COMMENTED_STANZA.exec(lines[i]!);
    if (stanza) {
      lines[i] = stanza[1]! + stanza[2]!;
      inStanza = true;
      continue;
    }
    const option = inStanza ? COMMENTED_OPTION.exec(lines[i]!) : null;
    if (option) lines[i] = option[1]! + option[2]!.replace(/^\s*/, (ws) => ws || '    ');
    else inStanza = false;
  }
  return lines.join('\n');
}

/** Active `iface X inet6 static` stanzas with their address (addr/len, or address + netmask) and gateway. */
export function inet6Stanzas(content: string): Inet6Stanza[] {
  const out: Inet6Stanza[] = [];
  let current: { iface: string; address?: string; netmask?: string; gateway?: string } | undefined;
  const finish = () => {
    if (!current?.address) return;
    const [address, len] = current.address.split('/');
    const prefix = Number(len ?? current.netmask ?? 64);
    if (/^[0-9a-fA-F:]+$/.test(address!) && address!.includes(':') && prefix > 0 && prefix <= 128) {
      out.push({ iface: current.iface, address: address!.toLowerCase(), prefix, ...(current.gateway ? { gateway: current.gateway.toLowerCase() } : {}) });
    }
  };
  for (const line of content.split('\n')) {
    const start = STANZA.exec(line);
    if (start) {
      finish();
      current = { iface: start[1]! };
      continue;
    }
    if (/^\s*(iface|auto|allow-\S+|mapping|source\S*)\b/.test(line)) {
      finish();
      current = undefined;
      continue;
    }
    const opt = /^\s+(address|netmask|gateway)\s+(\S+)\s*$/.exec(line);
    if (current && opt) current[opt[1] as 'address' | 'netmask' | 'gateway'] = opt[2]!;
  }
  finish();
  return out.filter((s) => /^[\w.:@-]+$/.test(s.iface) && (!s.gateway || /^[0-9a-f:]+$/.test(s.gateway)));
}

/** Whether the text has an inet6 stanza at all, active or commented. */
export const mentionsInet6 = (content: string): boolean => /^\s*#?\s*iface\s+\S+\s+inet6\s/m.test(content);

/** /etc/network/interfaces and the files of interfaces.d, without backups. */
export async function ifupdownFiles(ctx: StepContext): Promise<string[]> {
  const res = await ctx.remote.exec(
    sh`command -v ifup >/dev/null || exit 0; for f in /etc/network/interfaces /etc/network/interfaces.d/*; do [ -f "$f" ] && echo "$f"; done`,
    { readOnly: true, allowFailure: true },
  );
  return res.stdout.split('\n').map((l) => l.trim()).filter((f) => f.startsWith('/etc/network/') && !/\.(bak|orig|dpkg-[a-z]+)$|\.mailsetup-/.test(f));
}

/**
 * Debian's cloud images read `source /etc/network/interfaces.d/*`: a backup
 * beside the file would be read as configuration too. Backups of files in
 * interfaces.d go to /etc/network instead.
 */
export const backupDir = (file: string): string | undefined => (file.startsWith('/etc/network/interfaces.d/') ? '/etc/network' : undefined);

const applyIpv6 = (s: Inet6Stanza) =>
  s.gateway
    ? sh`ip link set dev ${s.iface} up && ip -6 addr replace ${`${s.address}/${s.prefix}`} dev ${s.iface} && ip -6 route replace default via ${s.gateway} dev ${s.iface}`
    : sh`ip link set dev ${s.iface} up && ip -6 addr replace ${`${s.address}/${s.prefix}`} dev ${s.iface}`;

const undoIpv6 = (s: Inet6Stanza) =>
  sh`ip -6 route del default via ${s.gateway ?? '::'} dev ${s.iface} 2>/dev/null; ip -6 addr del ${`${s.address}/${s.prefix}`} dev ${s.iface} 2>/dev/null; true`;

/** Write `next` over `file`, its old content kept as a backup where ifupdown does not read it; returns the backup. */
async function writeWithBackup(ctx: StepContext, file: string, next: string): Promise<string> {
  const dir = backupDir(file);
  if (!dir) return (await ctx.remote.writeFile(file, next, { mode: 0o644 })).backupPath ?? '';
  const backup = `${dir}/${file.replace(/^.*\//, '')}.mailsetup-${backupStamp()}.bak`;
  await ctx.remote.exec(sh`cp -p -- ${file} ${backup}`);
  await ctx.remote.writeFile(file, next, { mode: 0o644, backup: false });
  return backup;
}

export interface IfupdownResult {
  /** No inet6 stanza anywhere, active or commented: the host gave no IPv6 lines to enable. */
  noIpv6Lines: boolean;
  changedFiles: string[];
  /** cloud-init's network configuration was turned off now, so it cannot write the files again. */
  cloudInitOff: boolean;
}

/**
 * Uncomment the inet6 stanzas and bring their addresses up under the guard.
 * A stanza already active whose address is not on the server (a run cut off
 * between writing and applying) is applied again: what is in effect decides.
 */
export async function enableIfupdownIpv6(ctx: StepContext): Promise<IfupdownResult> {
  await confirmPendingGuard(ctx, 'ifupdown');
  const result: IfupdownResult = { noIpv6Lines: true, changedFiles: [], cloudInitOff: false };
  let assigned: string[] | undefined;
  let cloudInit = false;
  for (const file of await ifupdownFiles(ctx)) {
    const content = (await ctx.remote.readFile(file))?.toString('utf8') ?? '';
    if (!mentionsInet6(content)) continue;
    result.noIpv6Lines = false;
    cloudInit ||= writtenByCloudInit(content);
    const next = uncommentInet6(content);
    assigned ??= await assignedIpv6(ctx);
    const missing = inet6Stanzas(next).filter((s) => !assigned!.some((a) => sameIpv6(a, s.address)));
    if (next === content && !missing.length) continue;
    const backup = next !== content ? await writeWithBackup(ctx, file, next) : (await newestBackup(ctx, file, backupDir(file))) || file;
    for (const stanza of missing) {
      await applyUnderGuard(ctx, { kind: 'ifupdown', file, backup, apply: applyIpv6(stanza), undo: undoIpv6(stanza) });
    }
    result.changedFiles.push(file);
  }
  if (cloudInit) result.cloudInitOff = await keepCloudInitOffNetwork(ctx);
  return result;
}
