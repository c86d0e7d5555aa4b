// `mailsetup domain add DOMAIN [--selector NAME]`: another mail domain on
// the server (domain-add.ts), then its checks beside the first domain's
// DKIM check, which must stay green. Senders of the new domain come after:
// `mailsetup senders add you@DOMAIN`.
import type { Session } from '../session/session.js';
import { checkDkim } from '../checks/dkim.js';
import { checkPublished } from '../checks/published.js';
import type { CheckResult } from '../checks/types.js';
import { zoneResolver } from '../tasks/dns-publish.js';
import type { StepContext } from '../tasks/types.js';
import type { PlannedChange } from './change.js';
import { addDomain, domainRecords } from './domain-add.js';


export function describeDomainAdd(domain: string, first: string, hostname: string, forwardTo: string | undefined, dnsProvider: string): string[] {
  return [
    `Add the mail domain ${domain} beside ${first}:`,
    `  - folder /etc/chasquid/domains/${domain}${forwardTo ? `, with *@${domain} forwarded to ${forwardTo}` : ''}`,
    `  - a DKIM key for ${domain}, signing only once its record is visible`,
    `  - DNS records of ${domain} (SPF, DKIM, DMARC${forwardTo ? ', MX' : ''}) ${dnsProvider === 'manual' ? 'shown for you to add; mailsetup waits' : `published through ${dnsProvider}`}`,
    `  - unchanged: ${first}'s files, chasquid.conf (hostname ${hostname}) and the certificate`,
  ];
}

async function domainChecks(ctx: StepContext, first: StepContext): Promise<CheckResult[]> {
  const resolver = await zoneResolver(ctx);
  const out = await checkPublished(await domainRecords(ctx), resolver, ctx.answers.hostname);
  out.push(...(await checkDkim({ domain: ctx.answers.domain, dns: resolver, remote: ctx.remote })));
  // The first domain must be exactly as healthy as before.
  out.push(...(await checkDkim({ domain: first.answers.domain, dns: await zoneResolver(first), remote: first.remote })));
  return out;
}

/** Another mail domain beside the first: folder, DKIM key, records; the first domain's DKIM checked again after. */
export async function domainChange(session: Session, domain: string, selector?: string): Promise<PlannedChange> {
  const { answers } = session.ctx;
  if (domain === answers.domain) throw new Error(`${domain} is this server's first domain already`);
  const forwardTo = answers.receiving.mode === 'forward' ? answers.receiving.forwardTo : undefined;
  return {
    plan: describeDomainAdd(domain, answers.domain, answers.hostname, forwardTo, answers.dns.provider),
    async apply(say) {
      const outcome = await addDomain(session.ctx, domain, say, selector);
      const domains = new Set((session.store.data.facts.domains as string[] | undefined) ?? []);
      domains.add(domain);
      session.store.data.facts.domains = [...domains];
      await session.store.save();
      say(`${domain} is served by ${answers.hostname}, signing with ${outcome.selector}`, 'ok');
      say(`Next: mailsetup senders add you@${domain}`);
      return { checks: await domainChecks(outcome.ctx, session.ctx) };
    },
  };
}
