// The guide's sysctl lines for IPv6, set where they take effect: every file
// that switches IPv6 off gets its lines set to 0 (set, never duplicated), and
// /etc/sysctl.conf (or, where it does not exist as on Debian 13, a drop-in)
// holds all three. Ubuntu links /etc/sysctl.d/99-sysctl.conf to
// /etc/sysctl.conf, so a `= 1` left there would win over an earlier drop-in.
import { setKey } from '../remote/edits.js';
import { sh } from '../remote/quote.js';
import { asset } from './assets.js';
import type { StepContext } from './types.js';

export const IPV6_KEYS = ['net.ipv6.conf.all.disable_ipv6', 'net.ipv6.conf.default.disable_ipv6', 'net.ipv6.conf.lo.disable_ipv6'];
const DROP_IN = '/etc/sysctl.d/60-mailsetup-ipv6.conf';
const ACTIVE_OFF = /^\s*(net\.ipv6\.conf\.[\w.-]+\.disable_ipv6)\s*=\s*1\s*$/gm;

/** Real paths of sysctl files that mention disable_ipv6, plus /etc/sysctl.conf when present. */
async function sysctlFiles(ctx: StepContext): Promise<{ main?: string; others: string[] }> {
  const res = await ctx.remote.exec(
    sh`[ -e /etc/sysctl.conf ] && echo main; for f in /etc/sysctl.conf /etc/sysctl.d/*.conf /run/sysctl.d/*.conf; do [ -f "$f" ] && grep -qs disable_ipv6 "$f" && readlink -f "$f"; done | sort -u`,
    { readOnly: true, allowFailure: true },
  );
  const lines = res.stdout.split('\n').map((l) => l.trim()).filter(Boolean);
  const main = lines.includes('main') ? '/etc/sysctl.conf' : undefined;
  return { main, others: lines.filter((l) => l !== 'main' && l !== main && l !== DROP_IN) };
}

export function ipv6On(content: string, keys: string[] = IPV6_KEYS): string {
  let next = content;
  for (const key of keys) next = setKey(next, key, '0');
  return next;
}

/** Returns the files changed. */
export async function ensureSysctlFiles(ctx: StepContext): Promise<string[]> {
  const { main, others } = await sysctlFiles(ctx);
  // Every file read, then every edit written, each set in one round trip.
  const contents = await Promise.all([...others, ...(main ? [main] : [])].map(async (f) => (await ctx.remote.readFile(f))?.toString('utf8') ?? ''));
  const edits: Array<[string, Promise<{ changed: boolean }>]> = [];
  others.forEach((file, i) => {
    const keys = [...contents[i]!.matchAll(ACTIVE_OFF)].map((m) => m[1]!);
    if (keys.length) edits.push([file, ctx.remote.writeFile(file, ipv6On(contents[i]!, keys))]);
  });
  if (main) edits.push([main, ctx.remote.writeFile(main, ipv6On(contents[others.length]!))]);
  else edits.push([DROP_IN, ctx.remote.writeFile(DROP_IN, asset('sysctl/60-mailsetup-ipv6.conf'), { mode: 0o644 })]);
  const written = await Promise.all(edits.map(([, w]) => w));
  return edits.filter((_, i) => written[i]!.changed).map(([file]) => file);
}

/** Switch IPv6 on now, for the keys that are still 1 (no-op when already on). */
export async function applySysctl(ctx: StepContext): Promise<boolean> {
  const probe = await ctx.remote.exec(
    sh`for k in all default lo; do [ "$(cat /proc/sys/net/ipv6/conf/$k/disable_ipv6 2>/dev/null)" = 1 ] && echo "$k"; done; true`,
    { readOnly: true },
  );
  const off = probe.stdout.split('\n').map((l) => l.trim()).filter(Boolean);
  if (!off.length) return false;
  await ctx.remote.exec(sh`sysctl -q -w ${off.map((k) => `net.ipv6.conf.${k}.disable_ipv6=0`)}`);
  return true;
}
