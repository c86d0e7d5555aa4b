// MX points at the SMTP host name, so mail to the domain (replies, the Gmail
// "send mail as" confirmation code) reaches this server (guide step 13 in docs/guide-steps.md).
import type { CheckContext } from './context.js';
import { sameName } from './ip-compare.js';
import { results } from './result.js';
import type { CheckResult } from './types.js';
import { couldNotCheck } from './unanswered.js';

const r = results('DNS');
const ID = 'dns.mx';

export async function checkMx(ctx: Pick<CheckContext, 'domain' | 'hostname' | 'dns'>): Promise<CheckResult[]> {
  const title = `MX of ${ctx.domain} points at ${ctx.hostname}`;
  const fix = `Add ${ctx.domain}. MX 10 ${ctx.hostname}. (skip if another provider receives your mail).`;
  try {
    const mx = (await ctx.dns.mx(ctx.domain)).sort((a, b) => a.priority - b.priority);
    if (mx.length === 0) return [r.fail(ID, title, `${ctx.domain} has no MX record`, fix)];
    const list = mx.map((m) => `${m.priority} ${m.exchange}`).join(', ');
    if (mx.some((m) => sameName(m.exchange, ctx.hostname))) return [r.ok(ID, title, list)];
    // Another provider may receive the domain's mail (the guide: skip MX if you have a mailbox).
    return [r.warn(ID, title, `MX is ${list}: mail to ${ctx.domain} does not come to this server`,
      `If this server should receive mail for ${ctx.domain}, set its MX to ${ctx.hostname}; otherwise ignore this.`)];
  } catch (err) {
    return [couldNotCheck(r, ID, title, err, ctx.domain, ctx.dns.via)];
  }
}
