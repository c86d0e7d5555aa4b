// DMARC tells receivers what to do with mail that fails SPF and DKIM
// alignment (guide step 12 in docs/guide-steps.md). It must parse; its policy is reported, and
// p=none (monitor only) is a warning: it protects the domain from nothing.
import { parseDmarc, type DmarcRecord } from '../dns/dmarc/parse.js';
import type { CheckContext } from './context.js';
import { results } from './result.js';
import { checkReportAuthorizations, checkSubdomainPolicy } from './dmarc-reports.js';
import type { CheckResult } from './types.js';
import { couldNotCheck } from './unanswered.js';

const r = results('DMARC');
const ID = 'dmarc.policy';

export async function checkDmarc(ctx: Pick<CheckContext, 'domain' | 'dns'>): Promise<CheckResult[]> {
  const name = `_dmarc.${ctx.domain}`;
  const title = `DMARC record at ${name}`;
  const example = `Add ${name}. TXT "v=DMARC1; p=quarantine; fo=1; rua=mailto:dmarc@${ctx.domain}".`;
  let txt: string[];
  try {
    txt = await ctx.dns.txt(name);
  } catch (err) {
    return [couldNotCheck(r, ID, title, err, name, ctx.dns.via)];
  }
  // RFC 7489 6.6.3: records not starting with v=DMARC1 are ignored.
  const records = txt.filter((t) => /^v\s*=\s*DMARC1\s*(;|$)/i.test(t.trim()));
  if (records.length === 0) return [r.fail(ID, title, `${name} has no v=DMARC1 record`, example)];
  if (records.length > 1) {
    return [r.fail(ID, title, `${records.length} DMARC records (receivers then apply none)`, `Keep one record at ${name}.`)];
  }
  const { record, problems } = parseDmarc(records[0]!);
  if (!record || problems.length > 0) {
    return [r.fail(ID, title, `${records[0]}: ${problems.join('; ')}`, `Correct the record at ${name}. ${example}`)];
  }
  const more = [checkSubdomainPolicy(ctx.domain, record), ...(await checkReportAuthorizations(ctx, record))];
  return [policyResult(name, title, record), ...more];
}

function policyResult(name: string, title: string, record: DmarcRecord): CheckResult {
  const summary = [`p=${record.p}`, record.sp && `sp=${record.sp}`, record.pct !== undefined && `pct=${record.pct}`,
    record.rua && `rua=${record.rua.join(',')}`].filter(Boolean).join(', ');
  if (record.p === 'none') {
    return r.warn(ID, title, `policy ${summary}: failing mail is still delivered`,
      `Once reports show your mail passes, set p=quarantine (or p=reject) at ${name}.`);
  }
  if (record.pct !== undefined && record.pct < 100) {
    return r.warn(ID, title, `policy ${summary}: applied to ${record.pct}% of failing mail only`,
      `Raise pct to 100 (or remove it) at ${name} once reports look clean.`);
  }
  return r.ok(ID, title, `policy ${summary}`);
}
