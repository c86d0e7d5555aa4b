// Forward-confirmed reverse DNS: receivers look the connecting address up
// (PTR), then look that name up forward; both must agree and name the host
// chasquid announces, or mail is marked as spam or refused (guide step 8 in docs/guide-steps.md).
import type { CheckContext } from './context.js';
import { canonicalIp, sameName } from './ip-compare.js';
import { results } from './result.js';
import type { CheckResult } from './types.js';
import { couldNotCheck } from './unanswered.js';

const r = results('Reverse DNS');

export async function checkRdns(ctx: Pick<CheckContext, 'hostname' | 'ips' | 'dns'>): Promise<CheckResult[]> {
  const ips = [...ctx.ips.v4, ...ctx.ips.v6];
  if (ips.length === 0) return [r.skip('rdns', 'Reverse DNS', 'no server address is known')];
  return Promise.all(ips.map((ip) => checkIp(ctx, ip)));
}

async function checkIp(ctx: Pick<CheckContext, 'hostname' | 'dns'>, ip: string): Promise<CheckResult> {
  const v6 = ip.includes(':');
  const id = `rdns.${v6 ? 'ipv6' : 'ipv4'}.${canonicalIp(ip)}`;
  const title = `PTR of ${ip} is ${ctx.hostname} and resolves back`;
  const panelFix = `Set the reverse DNS (PTR) of ${ip} to ${ctx.hostname} in your host's control panel.`;
  let names: string[];
  try {
    names = await ctx.dns.ptr(ip);
  } catch (err) {
    return couldNotCheck(r, id, title, err, `the PTR of ${ip}`, ctx.dns.via);
  }
  if (names.length === 0) return r.fail(id, title, `${ip} has no PTR record`, panelFix);
  if (names.length > 1) {
    return r.warn(id, title, `${ip} has several PTR records: ${names.join(', ')}`,
      `Keep one PTR for ${ip}: ${ctx.hostname}.`);
  }
  const name = names[0]!;
  if (!sameName(name, ctx.hostname)) return r.fail(id, title, `PTR of ${ip} is ${name}`, panelFix);
  let forward: string[];
  try {
    forward = v6 ? await ctx.dns.aaaa(name) : await ctx.dns.a(name);
  } catch (err) {
    return couldNotCheck(r, id, title, err, name, ctx.dns.via);
  }
  if (!forward.map(canonicalIp).includes(canonicalIp(ip))) {
    return r.fail(id, title,
      `PTR is ${name}, but ${name} ${v6 ? 'AAAA' : 'A'} is ${forward.join(', ') || 'missing'}, not ${ip}`,
      `Add ${name}. ${v6 ? 'AAAA' : 'A'} ${ip}.`);
  }
  return r.ok(id, title, `${ip} -> ${name} -> ${ip}`);
}
