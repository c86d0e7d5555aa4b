// A and AAAA of the SMTP host name must name exactly the server's addresses:
// receivers match the PTR's name forward (FCrDNS), and clients connect there.
import type { CheckContext } from './context.js';
import { missingFrom, canonicalIp } from './ip-compare.js';
import { results } from './result.js';
import type { CheckResult } from './types.js';
import { couldNotCheck } from './unanswered.js';

const r = results('DNS');

type Family = { type: 'A' | 'AAAA'; key: 'v4' | 'v6'; id: string };
const FAMILIES: Family[] = [
  { type: 'A', key: 'v4', id: 'dns.hostname.a' },
  { type: 'AAAA', key: 'v6', id: 'dns.hostname.aaaa' },
];

export async function checkHostnameDns(ctx: Pick<CheckContext, 'hostname' | 'ips' | 'dns'>): Promise<CheckResult[]> {
  if (ctx.ips.v4.length + ctx.ips.v6.length === 0) {
    // No address known may be DNS that did not answer, not a missing record.
    const unanswered = await Promise.all([ctx.dns.a(ctx.hostname), ctx.dns.aaaa(ctx.hostname)]).then(() => undefined, (err: unknown) => err);
    if (unanswered) return [couldNotCheck(r, 'dns.hostname.a', `Address of ${ctx.hostname}`, unanswered, ctx.hostname, ctx.dns.via)];
    return [r.fail('dns.hostname.a', `Address of ${ctx.hostname}`, `${ctx.hostname} has no A or AAAA record and no server address is known`,
      `Add ${ctx.hostname}. A <server IPv4> (and AAAA <server IPv6>) in the DNS of ${ctx.hostname}.`)];
  }
  return Promise.all(FAMILIES.map((f) => checkFamily(ctx, f)));
}

async function checkFamily(ctx: Pick<CheckContext, 'hostname' | 'ips' | 'dns'>, f: Family): Promise<CheckResult> {
  const { hostname } = ctx;
  const title = `${f.type} record of ${hostname}`;
  const wanted = ctx.ips[f.key];
  let seen: string[];
  try {
    seen = (f.type === 'A' ? await ctx.dns.a(hostname) : await ctx.dns.aaaa(hostname)).map(canonicalIp);
  } catch (err) {
    return couldNotCheck(r, f.id, title, err, hostname, ctx.dns.via);
  }
  if (wanted.length === 0) {
    if (seen.length === 0) return r.skip(f.id, title, `the server has no ${f.key === 'v4' ? 'IPv4' : 'IPv6'} address`);
    return r.warn(f.id, title, `${hostname} has ${f.type} ${seen.join(', ')} but the server has no such address`,
      `Delete the ${f.type} record of ${hostname}, or give the server that address.`);
  }
  if (seen.length === 0) {
    return r.fail(f.id, title, `${hostname} has no ${f.type} record (server: ${wanted.join(', ')})`,
      `Add ${hostname}. ${f.type} ${wanted.join(` and ${hostname}. ${f.type} `)} in the DNS of ${hostname}.`);
  }
  const missing = missingFrom(wanted, seen);
  const extra = missingFrom(seen, wanted);
  if (missing.length > 0) {
    return r.fail(f.id, title, `${hostname} ${f.type} ${seen.join(', ')}; the server is ${wanted.join(', ')}`,
      `Set the ${f.type} record of ${hostname} to ${wanted.join(', ')}.`);
  }
  if (extra.length > 0) {
    return r.warn(f.id, title, `${hostname} also points at ${extra.join(', ')}, which is not this server`,
      `Remove ${extra.join(', ')} from the ${f.type} records of ${hostname}.`);
  }
  return r.ok(f.id, title, `${hostname} ${f.type} ${seen.join(', ')} (server addresses from ${ctx.ips.source})`);
}
