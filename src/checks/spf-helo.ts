// SPF for the host name: receivers evaluate the HELO identity too (RFC 7208
// 2.3), and a bounce (empty MAIL FROM) is judged by it alone. One record at
// the host name that authorizes every server address; missing, it warns
// (mail still flows on the domain's SPF), wrong, it fails.
import { heloSpfValue } from '../dns/spf/helo.js';
import { spfRecordsOf } from '../dns/spf/parse.js';
import type { CheckContext } from './context.js';
import { results } from './result.js';
import { evaluate } from './spf.js';
import type { CheckResult } from './types.js';
import { couldNotCheck } from './unanswered.js';

const r = results('SPF');
const ID = 'spf.helo.record';

export async function checkHeloSpf(ctx: Pick<CheckContext, 'domain' | 'hostname' | 'ips' | 'dns'>): Promise<CheckResult[]> {
  const { hostname } = ctx;
  const title = `SPF record for the host name ${hostname} (HELO)`;
  // A host name that is the domain itself is covered by the domain's SPF.
  if (hostname === ctx.domain) return [r.skip(ID, title, `${hostname} is the domain: its SPF is checked above`)];
  let records: string[];
  try {
    records = spfRecordsOf(await ctx.dns.txt(hostname));
  } catch (err) {
    return [couldNotCheck(r, ID, title, err, hostname, ctx.dns.via)];
  }
  const add = `Add ${hostname}. TXT "${heloSpfValue(ctx.ips.v4, ctx.ips.v6)}".`;
  if (records.length === 0) {
    return [r.warn(ID, title, `${hostname} has no v=spf1 record: receivers checking the HELO name get "none"`, add)];
  }
  if (records.length > 1) {
    return [r.fail(ID, title, `${records.length} SPF records at ${hostname}: ${records.join(' | ')}`, `Keep one: ${add.replace(/^Add /, '')}`)];
  }
  const evaluated = await Promise.all([
    ...ctx.ips.v4.map((ip) => evaluate(ctx, 'ipv4', ip, hostname, 'spf.helo')),
    ...ctx.ips.v6.map((ip) => evaluate(ctx, 'ipv6', ip, hostname, 'spf.helo')),
  ]);
  return [r.ok(ID, title, records[0]), ...evaluated];
}
