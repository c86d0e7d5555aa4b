// SPF must authorize every address the server sends from, IPv4 and IPv6
// (guide step 11 in docs/guide-steps.md). It is evaluated by a real SPF evaluator (mailauth's), the
// way a receiver would, so includes, redirects and `a:`/`mx` terms count.
import type { CheckContext } from './context.js';
import { results } from './result.js';
import { countSpfLookups, formatLookupChain, SPF_LOOKUP_LIMIT as LIMIT } from '../dns/spf/lookups.js';
import { spfRecordsOf as spfRecords, spfWarnings } from '../dns/spf/parse.js';
import { spfResolver } from './spf-resolver.js';
import type { CheckResult } from './types.js';
import { couldNotCheck } from './unanswered.js';

const r = results('SPF');

// Loaded on first use (~0.3 s: mailauth pulls in joi and friends), so
// `--check` does not pay for it before its first probe; runChecks starts the
// load early, beside its own DNS set-up.
let evaluator: Promise<typeof import('mailauth/lib/spf/index.js')> | undefined;
export const loadEvaluator = () => (evaluator ??= import('mailauth/lib/spf/index.js'));

type Ctx = Pick<CheckContext, 'domain' | 'hostname' | 'ips' | 'dns'>;

export async function checkSpf(ctx: Ctx): Promise<CheckResult[]> {
  const title = `One SPF record on ${ctx.domain}`;
  let records: string[];
  try {
    records = spfRecords(await ctx.dns.txt(ctx.domain));
  } catch (err) {
    return [couldNotCheck(r, 'spf.record', title, err, ctx.domain, ctx.dns.via)];
  }
  const mechanism = suggestedMechanisms(ctx);
  if (records.length === 0) {
    return [r.fail('spf.record', title, `${ctx.domain} has no v=spf1 TXT record`,
      `Add ${ctx.domain}. TXT "v=spf1 ${mechanism} ~all".`)];
  }
  if (records.length > 1) {
    return [r.fail('spf.record', title, `${records.length} SPF records: ${records.join(' | ')}`,
      `Merge them into one v=spf1 record (receivers treat two as a permanent error).`)];
  }
  const evaluated = await Promise.all(
    [...ctx.ips.v4.map((ip) => ['ipv4', ip] as const), ...ctx.ips.v6.map((ip) => ['ipv6', ip] as const)]
      .map(([family, ip]) => evaluate(ctx, family, ip)),
  );
  const warnings = spfWarnings(records[0]!);
  const record = warnings.length === 0 ? r.ok('spf.record', title, records[0])
    : r.warn('spf.record', title, `${records[0]}: ${warnings.join('; ')}`, `Edit the SPF record of ${ctx.domain} as described.`);
  return [record, ...evaluated, await lookups(ctx)];
}

const suggestedMechanisms = (ctx: Ctx): string =>
  [...ctx.ips.v4.map((ip) => `ip4:${ip}`), ...ctx.ips.v6.map((ip) => `ip6:${ip}`)].join(' ') || `a:${ctx.hostname}`;

/** SPF of `identity` (the domain, or the host name as HELO identity) evaluated for one address. */
export async function evaluate(ctx: Ctx, family: 'ipv4' | 'ipv6', ip: string, identity = ctx.domain, idPrefix = 'spf'): Promise<CheckResult> {
  const id = `${idPrefix}.authorizes-${family}.${ip}`;
  const title = `SPF of ${identity} authorizes ${ip}`;
  const term = family === 'ipv4' ? `ip4:${ip}` : `ip6:${ip}`;
  try {
    const { default: spfModule } = await loadEvaluator();
    const res = await spfModule.spf({
      sender: `postmaster@${identity}`, ip, helo: ctx.hostname, mta: 'mailsetup', resolver: spfResolver(ctx.dns),
    });
    const result = res.status.result;
    if (result === 'pass') return r.ok(id, title, `pass for ${ip}`);
    // temperror: a DNS question of the evaluation got no answer, which says nothing about the record.
    if (result === 'temperror') {
      return couldNotCheck(r, id, title, `temperror: ${res.status.comment ?? ''}`.trim(), `${identity} and its SPF includes`, ctx.dns.via);
    }
    if (result === 'permerror') {
      return r.fail(id, title, `${result}: ${res.status.comment ?? ''}`.trim(),
        `Fix the SPF record of ${identity} so that it evaluates (see the error above).`);
    }
    return r.fail(id, title, `${result} for ${ip}: receivers would not accept mail from this address as ${identity}`,
      `Add ${term} to the SPF record of ${identity} (before its "all").`);
  } catch (err) {
    return couldNotCheck(r, id, title, err, `${identity} and its SPF includes`, ctx.dns.via);
  }
}

async function lookups(ctx: Ctx): Promise<CheckResult> {
  const id = 'spf.lookups';
  const title = `SPF stays within ${LIMIT} DNS lookups`;
  try {
    const report = await countSpfLookups(ctx.domain, ctx.dns);
    const { count, problems } = report;
    if (count > LIMIT) {
      const over = formatLookupChain(report).map((l) => l.trim()).join('; ');
      return r.fail(id, title, `${count} DNS lookups (limit ${LIMIT}); receivers answer permerror: ${over}`,
        `Replace include:/a/mx terms with ip4:/ip6: addresses, or flatten nested includes, until at most ${LIMIT} remain.`);
    }
    if (problems.length > 0) {
      return r.warn(id, title, `${count} lookups; ${problems.join('; ')}`,
        `Fix the SPF records named above.`);
    }
    return r.ok(id, title, `${count} of ${LIMIT} lookups`);
  } catch (err) {
    return couldNotCheck(r, id, title, err, `${ctx.domain} and its SPF includes`, ctx.dns.via);
  }
}
