// The guide's sysctl lines for IPv6, set where they take effect: every file
// that switches IPv6 off gets its lines set to 0 (set, never duplicated), and
// /etc/sysctl.conf (or, where it does not exist as on Debian 13, a drop-in)
// holds all three. Ubuntu links /etc/sysctl.d/99-sysctl.conf to
// /etc/sysctl.conf, so a `= 1` left there would win over an earlier drop-in.
import { setKey } from '../remote/edits.js';
import { raw, sh } from '../remote/quote.js';
import { asset } from './assets.js';
import type { StepContext } from './types.js';

export const IPV6_KEYS = ['net.ipv6.conf.all.disable_ipv6', 'net.ipv6.conf.default.disable_ipv6', 'net.ipv6.conf.lo.disable_ipv6'];
const DROP_IN = '/etc/sysctl.d/60-mailsetup-ipv6.conf';
const MAIN = '/etc/sysctl.conf';
const ACTIVE_OFF = /^\s*(net\.ipv6\.conf\.[\w.-]+\.disable_ipv6)\s*=\s*1\s*$/gm;

/** Real paths of sysctl files that mention disable_ipv6, plus /etc/sysctl.conf when present. */
async function sysctlFiles(ctx: StepContext): Promise<{ main?: string; others: string[] }> {
  const res = await ctx.remote.exec(
    sh`[ -e /etc/sysctl.conf ] && echo main; for f in /etc/sysctl.conf /etc/sysctl.d/*.conf /run/sysctl.d/*.conf; do [ -f "$f" ] && grep -qs disable_ipv6 "$f" && readlink -f "$f"; done | sort -u`,
    { readOnly: true, allowFailure: true },
  );
  const lines = res.stdout.split('\n').map((l) => l.trim()).filter(Boolean);
  const main = lines.includes('main') ? MAIN : undefined;
  return { main, others: lines.filter((l) => l !== 'main' && l !== main && l !== DROP_IN) };
}

export function ipv6On(content: string, keys: string[] = IPV6_KEYS): string {
  let next = content;
  for (const key of keys) next = setKey(next, key, '0');
  return next;
}

/** Returns the files changed. */
export async function ensureSysctlFiles(ctx: StepContext): Promise<string[]> {
  // /etc/sysctl.conf is read beside the listing (almost every server has
  // it); the other files, rarely any, once the listing names them.
  const [{ main, others }, mainText] = await Promise.all([sysctlFiles(ctx), readText(ctx, MAIN)]);
  const contents = await Promise.all(others.map((f) => readText(ctx, f)));
  const edits: Array<[string, Promise<{ changed: boolean }>]> = [];
  others.forEach((file, i) => {
    const keys = [...contents[i]!.matchAll(ACTIVE_OFF)].map((m) => m[1]!);
    if (keys.length) edits.push([file, ctx.remote.writeFile(file, ipv6On(contents[i]!, keys))]);
  });
  if (main) edits.push([main, ctx.remote.writeFile(main, ipv6On(mainText))]);
  else edits.push([DROP_IN, ctx.remote.writeFile(DROP_IN, asset('sysctl/60-mailsetup-ipv6.conf'), { mode: 0o644 })]);
  const written = await Promise.all(edits.map(([, w]) => w));
  return edits.filter((_, i) => written[i]!.changed).map(([file]) => file);
}

const readText = async (ctx: StepContext, file: string) => (await ctx.remote.readFile(file))?.toString('utf8') ?? '';

/**
 * Switch IPv6 on now, for the keys that are still 1 (no-op when already on).
 * One command looks and switches; a dry run only looks.
 */
export async function applySysctl(ctx: StepContext): Promise<boolean> {
  const each = (then: string) => `for k in all default lo; do if [ "$(cat /proc/sys/net/ipv6/conf/$k/disable_ipv6 2>/dev/null)" = 1 ]; then ${then}; fi; done; true`;
  if (ctx.dryRun) {
    const off = lines((await ctx.remote.exec(raw(each('echo "$k"')), { readOnly: true })).stdout);
    if (off.length) await ctx.remote.exec(sh`sysctl -q -w ${off.map((k) => `net.ipv6.conf.${k}.disable_ipv6=0`)}`);
    return off.length > 0;
  }
  const res = await ctx.remote.exec(raw(each('echo "$k"; sysctl -q -w "net.ipv6.conf.$k.disable_ipv6=0" || exit 1')));
  return lines(res.stdout).length > 0;
}

const lines = (text: string) => text.split('\n').map((l) => l.trim()).filter(Boolean);
