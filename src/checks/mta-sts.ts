// MTA-STS (RFC 8461) and TLS-RPT (RFC 8460) as a sender sees them: the
// `_mta-sts` record, the policy fetched over HTTPS from mta-sts.<domain>
// with its certificate verified (roots only, as for SMTP), and what the
// policy says: its mode, mx lines that cover every MX of the domain, and a
// max_age senders can cache. Both are optional: a domain without the record
// is reported as such, unless this host was set up to publish it.
import { MTA_STS_MAX_AGE, MTA_STS_MAX_AGE_LIMIT, mtaStsHost, mtaStsPolicyUrl, mxPatternMatches, parseMtaStsPolicy, parseMtaStsRecord } from '../dns/mta-sts.js';
import { parseTlsRptRecord, tlsRptName } from '../dns/tls-rpt.js';
import type { CheckContext } from './context.js';
import { httpsGet } from './https-get.js';
import { describeError, results } from './result.js';
import { trustedCas } from './trust.js';
import type { CheckResult } from './types.js';
import { couldNotCheck } from './unanswered.js';

const r = results('MTA-STS');

type Ctx = Pick<CheckContext, 'domain' | 'dns' | 'caFile' | 'timeoutMs' | 'expectMtaSts' | 'expectTlsRpt'>;

const WELL_KNOWN = '/.well-known/mta-sts.txt';
/** Senders forget a policy after max_age: under a day they keep forgetting it between mails. */
const MIN_MAX_AGE = MTA_STS_MAX_AGE.testing;

export async function checkMtaSts(ctx: Ctx): Promise<CheckResult[]> {
  const [sts, rpt] = await Promise.all([checkStsRecordAndPolicy(ctx), checkTlsRpt(ctx)]);
  return [...sts, ...rpt];
}

/** The TXT records at `name` of one kind (`v=...`), or the "could not check" result when DNS did not answer. */
async function recordsOfKind(ctx: Ctx, name: string, kind: RegExp, id: string, title: string): Promise<string[] | CheckResult> {
  try {
    return (await ctx.dns.txt(name)).filter((t) => kind.test(t.trim()));
  } catch (err) {
    return couldNotCheck(r, id, title, err, name, ctx.dns.via);
  }
}

async function checkStsRecordAndPolicy(ctx: Ctx): Promise<CheckResult[]> {
  const name = `_mta-sts.${ctx.domain}`;
  const title = `MTA-STS record at ${name}`;
  const txt = await recordsOfKind(ctx, name, /^v=STSv1\b/i, 'mta-sts.record', title);
  if (!Array.isArray(txt)) return [txt];
  const setUp = 'run mailsetup again with mtaSts.mode testing or enforce (it publishes the record and serves the policy)';
  if (txt.length === 0) {
    return ctx.expectMtaSts
      ? [r.fail('mta-sts.record', title, `no v=STSv1 record at ${name}`, `Publish ${name}. TXT "v=STSv1; id=<policy id>": ${setUp}.`)]
      : [r.skip('mta-sts.record', title, `no MTA-STS record (optional; senders then accept mail without TLS when an attacker strips it)`)];
  }
  if (txt.length > 1) {
    return [r.fail('mta-sts.record', title, `${txt.length} v=STSv1 records: senders ignore MTA-STS`, `Keep exactly one ${name} TXT record.`)];
  }
  const record = parseMtaStsRecord(txt[0]!);
  if (record.problem) return [r.fail('mta-sts.record', title, `"${txt[0]}" ${record.problem}`, `Publish ${name}. TXT "v=STSv1; id=<1-32 letters or digits>".`)];
  return [r.ok('mta-sts.record', title, `id=${record.id}`), ...(await checkMtaStsPolicy(ctx))];
}

/**
 * The policy as a sender fetches it, from the address DNS gives for
 * mta-sts.<domain>, or from `address` (the server itself, before DNS names it).
 */
export async function checkMtaStsPolicy(ctx: Ctx, address?: string): Promise<CheckResult[]> {
  const host = mtaStsHost(ctx.domain);
  const url = mtaStsPolicyUrl(ctx.domain);
  const title = `MTA-STS policy at ${url} over HTTPS with a valid certificate`;
  const serve = `Serve the policy at ${url} with a certificate valid for ${host} (mailsetup's MTA-STS step does it on the server: run mailsetup again), and let port 443 in.`;
  let addresses: string[];
  try {
    addresses = address ? [address] : [...(await ctx.dns.a(host)), ...(await ctx.dns.aaaa(host))];
  } catch (err) {
    return [couldNotCheck(r, 'mta-sts.policy', title, err, host, ctx.dns.via)];
  }
  if (addresses.length === 0) return [r.fail('mta-sts.policy', title, `${host} has no address (A/AAAA)`, `Give ${host} the address of the server that serves the policy. ${serve}`)];
  let answer;
  try {
    answer = await httpsGet(addresses[0]!, host, WELL_KNOWN, await trustedCas(ctx.caFile), ctx.timeoutMs);
  } catch (err) {
    return [r.fail('mta-sts.policy', title, `https://${host} (${addresses[0]}): ${describeError(err)}`, serve)];
  }
  if (answer.status !== 200) {
    // RFC 8461 3.3: a redirect is not followed.
    return [r.fail('mta-sts.policy', title, `HTTP ${answer.status} from ${url}${answer.status >= 300 && answer.status < 400 ? ' (senders do not follow redirects)' : ''}`, serve)];
  }
  if (!/^text\/plain\b/i.test(answer.contentType)) {
    return [r.fail('mta-sts.policy', title, `served as ${answer.contentType || 'no Content-Type'}, not text/plain`, `Serve ${url} with Content-Type: text/plain.`)];
  }
  const policy = parseMtaStsPolicy(answer.body);
  const basics = policy.problems.filter((p) => p.startsWith('version'));
  if (basics.length) return [r.fail('mta-sts.policy', title, `the policy's ${basics.join('; ')}`, `Start the policy file with the line "version: STSv1". ${serve}`)];
  return [r.ok('mta-sts.policy', title, `fetched from ${addresses[0]}, certificate valid for ${host}`), checkMode(policy.mode), ...(await checkMx(ctx, policy.mx, policy.mode)), checkMaxAge(policy.maxAge)];
}

function checkMode(mode: string | undefined): CheckResult {
  const title = 'MTA-STS policy mode';
  if (mode === 'enforce') return r.ok('mta-sts.mode', title, 'enforce: senders deliver only over TLS with a valid certificate');
  if (mode === 'testing') return r.ok('mta-sts.mode', title, 'testing: senders report TLS problems (TLS-RPT) but still deliver; switch to enforce once the reports are clean');
  if (mode === 'none') {
    return r.warn('mta-sts.mode', title, 'none: the policy is withdrawn, senders do not use it',
      'Set "mode: testing" (or enforce) in the policy and change the id of the _mta-sts record, or remove both.');
  }
  return r.fail('mta-sts.mode', title, `mode is ${mode ?? 'missing'}: senders ignore the policy`, 'Set "mode: testing" or "mode: enforce" in the policy file, then change the id of the _mta-sts record.');
}

async function checkMx(ctx: Ctx, patterns: string[], mode: string | undefined): Promise<CheckResult[]> {
  const title = `MTA-STS mx lines cover every MX of ${ctx.domain}`;
  if (mode === 'none') return [];
  let mx: string[];
  try {
    mx = (await ctx.dns.mx(ctx.domain)).map((m) => m.exchange.toLowerCase().replace(/\.$/, '')).sort();
  } catch (err) {
    return [couldNotCheck(r, 'mta-sts.mx', title, err, ctx.domain, ctx.dns.via)];
  }
  const lines = patterns.map((p) => `mx: ${p}`).join(', ') || 'no mx line';
  if (mx.length === 0) return [r.fail('mta-sts.mx', title, `${ctx.domain} has no MX, the policy has ${lines}`, `Publish the MX of ${ctx.domain}, or withdraw MTA-STS.`)];
  const uncovered = mx.filter((host) => !patterns.some((p) => mxPatternMatches(p, host)));
  if (uncovered.length === 0) return [r.ok('mta-sts.mx', title, `MX ${mx.join(', ')}; policy ${lines}`)];
  // In enforce mode a sender refuses to deliver to an MX the policy does not name.
  const fix = `Make the policy's mx lines ${mx.map((h) => `"mx: ${h}"`).join(', ')} and change the id of the _mta-sts record.`;
  const details = `MX ${uncovered.join(', ')} ${uncovered.length > 1 ? 'are' : 'is'} not in the policy (${lines})${mode === 'enforce' ? ': senders refuse to deliver there' : ''}`;
  return [r.fail('mta-sts.mx', title, details, fix)];
}

function checkMaxAge(maxAge: number): CheckResult {
  const title = 'MTA-STS policy max_age';
  if (Number.isNaN(maxAge)) return r.fail('mta-sts.max-age', title, 'max_age is missing or not a number: senders ignore the policy', `Add "max_age: ${MTA_STS_MAX_AGE.enforce}" to the policy.`);
  if (maxAge > MTA_STS_MAX_AGE_LIMIT) return r.fail('mta-sts.max-age', title, `max_age ${maxAge} is over ${MTA_STS_MAX_AGE_LIMIT} (a year, RFC 8461)`, `Set max_age to at most ${MTA_STS_MAX_AGE_LIMIT}.`);
  if (maxAge < MIN_MAX_AGE) {
    return r.warn('mta-sts.max-age', title, `max_age ${maxAge} s: senders forget the policy within ${Math.round(maxAge / 60)} minutes`,
      `Set max_age to at least ${MIN_MAX_AGE} (a day); ${MTA_STS_MAX_AGE.enforce} (a week) or more once the mode is enforce.`);
  }
  return r.ok('mta-sts.max-age', title, `${maxAge} s (${Math.round((maxAge / 86400) * 10) / 10} days)`);
}

async function checkTlsRpt(ctx: Ctx): Promise<CheckResult[]> {
  const name = tlsRptName(ctx.domain);
  const title = `TLS-RPT record at ${name}`;
  const txt = await recordsOfKind(ctx, name, /^v=TLSRPTv1\b/i, 'tls-rpt.record', title);
  if (!Array.isArray(txt)) return [txt];
  const fix = `Publish ${name}. TXT "v=TLSRPTv1; rua=mailto:<address for reports>" (mailsetup does with tlsRpt.rua).`;
  if (txt.length === 0) {
    return ctx.expectTlsRpt
      ? [r.fail('tls-rpt.record', title, `no v=TLSRPTv1 record at ${name}`, fix)]
      : [r.skip('tls-rpt.record', title, 'no TLS-RPT record (optional; senders then do not report TLS failures)')];
  }
  if (txt.length > 1) return [r.fail('tls-rpt.record', title, `${txt.length} v=TLSRPTv1 records: senders ignore them`, `Keep exactly one ${name} TXT record.`)];
  const parsed = parseTlsRptRecord(txt[0]!);
  if (parsed.problem) return [r.fail('tls-rpt.record', title, `"${txt[0]}" ${parsed.problem}`, fix)];
  return [r.ok('tls-rpt.record', title, `reports go to ${parsed.rua.join(', ')}`)];
}
