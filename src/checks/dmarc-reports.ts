// What the DMARC record says beyond p=: the policy subdomains get (sp=,
// else p=), and whether report addresses in another domain may receive the
// reports. Receivers send aggregate/failure reports to another domain only
// when it publishes `<domain>._report._dmarc.<other> TXT "v=DMARC1"`
// (RFC 7489 7.1); without it the reports silently never come.
import { externalReportDomains } from '../dns/dmarc/build.js';
import type { DmarcRecord } from '../dns/dmarc/parse.js';
import type { CheckContext } from './context.js';
import { results } from './result.js';
import type { CheckResult } from './types.js';
import { couldNotCheck } from './unanswered.js';

const r = results('DMARC');

export function checkSubdomainPolicy(domain: string, record: DmarcRecord): CheckResult {
  const id = 'dmarc.subdomains';
  const title = `DMARC policy for subdomains of ${domain}`;
  const effective = record.sp ?? record.p;
  const from = record.sp ? `sp=${record.sp}` : `no sp=, so p=${record.p}`;
  if (effective === 'none' && record.p !== 'none') {
    return r.warn(id, title, `${from}: mail forged as any subdomain of ${domain} is still delivered`,
      `Remove sp=none from _dmarc.${domain} (subdomains then follow p=${record.p}), or set sp=quarantine.`);
  }
  return r.ok(id, title, `${from}${record.pct !== undefined ? `, pct=${record.pct}` : ''}`);
}

export async function checkReportAuthorizations(ctx: Pick<CheckContext, 'domain' | 'dns'>, record: DmarcRecord): Promise<CheckResult[]> {
  return Promise.all(externalReportDomains(ctx.domain, record).map(async (other) => {
    const name = `${ctx.domain}._report._dmarc.${other}`;
    const id = `dmarc.report-auth.${other}`;
    const title = `${other} accepts DMARC reports for ${ctx.domain}`;
    let txt: string[];
    try {
      txt = await ctx.dns.txt(name);
    } catch (err) {
      return couldNotCheck(r, id, title, err, name, ctx.dns.via);
    }
    if (txt.some((t) => /^v\s*=\s*DMARC1\s*(;|$)/i.test(t.trim()))) return r.ok(id, title, `${name} TXT ${txt.join(' | ')}`);
    return r.warn(id, title, `reports go to ${other}, but ${name} has no v=DMARC1 record: receivers will not send them`,
      `Add ${name}. TXT "v=DMARC1" in the DNS of ${other}, or send the reports to an address @${ctx.domain}.`);
  }));
}
