// The records the server needs, from what earlier steps learned (addresses,
// DKIM key, receiving mode, DMARC choices). buildRecords (src/dns) is the one
// source of truth; this file only gathers the facts for it.
import { buildRecords, type RecordPlan } from '../dns/records.js';
import { createResolver, authoritativeResolver, type DnsResolver } from '../dns/resolve.js';
import type { StepContext } from './types.js';

export async function zoneResolver(ctx: StepContext): Promise<DnsResolver> {
  return ctx.resolver ? createResolver({ server: ctx.resolver }) : authoritativeResolver(ctx.answers.domain);
}

export async function plannedRecords(ctx: StepContext, resolver: DnsResolver): Promise<RecordPlan> {
  const { answers, facts } = ctx;
  const dmarc = answers.dmarc;
  return buildRecords({
    domain: answers.domain,
    hostname: answers.hostname,
    ipv4: facts.ipv4 ?? [],
    ipv6: answers.ipv6.enable ? (facts.ipv6 ?? []) : [],
    dkim: facts.dkim ? { selector: facts.dkim.selector, publicRecord: facts.dkim.record } : undefined,
    dmarc: { p: dmarc.policy, fo: dmarc.fo, rua: dmarc.rua ? [dmarc.rua] : undefined, ruf: dmarc.ruf ? [dmarc.ruf] : undefined },
    receiving: answers.receiving.mode === 'forward',
    existingApexTxt: await resolver.txt(answers.domain).catch(() => []),
  });
}

/** The reverse zone a PTR name most likely sits in: the /24 for IPv4, the /64 for IPv6. */
export function reverseZoneOf(ptrName: string): string {
  const labels = ptrName.split('.');
  return ptrName.endsWith('.in-addr.arpa') ? labels.slice(1).join('.') : labels.slice(16).join('.');
}
