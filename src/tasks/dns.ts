// Guide steps 6, 8, 11, 12 and 13 (docs/guide-steps.md) on the DNS side: A/AAAA for the hostname,
// MX when receiving, SPF (merged with what is there), DKIM, DMARC, and PTR.
// Published through the user's DNS provider (rfc2136 with TSIG, or a
// provider's HTTP API such as PowerDNS's), or shown
// for the user to type in ("manual") while mailsetup waits until DNS has them.
import { checkPublished } from '../checks/published.js';
import type { CheckResult } from '../checks/types.js';
import { checkDkim } from '../checks/dkim.js';
import { checkDmarc } from '../checks/dmarc.js';
import { checkHostnameDns } from '../checks/hostname-dns.js';
import { checkMtaSts } from '../checks/mta-sts.js';
import { checkMx } from '../checks/mx.js';
import { checkRdns } from '../checks/rdns.js';
import { checkSpf } from '../checks/spf.js';
import { manualProvider } from '../dns/providers/manual.js';
import { apiProvider, isApiProvider } from '../dns/providers/apis.js';
import { providerEnv } from './dns-credentials.js';
import { checkContext } from './check-context.js';
import { pendingChanges, planChanges } from '../dns/providers/plan.js';
import { readCurrent } from '../dns/providers/current.js';
import { rfc2136Provider } from '../dns/providers/rfc2136.js';
import type { DnsProvider } from '../dns/providers/types.js';
import { recordStatus, waitForRecords } from '../dns/providers/wait.js';
import { ownerName } from '../dns/render-zone.js';
import { fqdn, type DnsRecord } from '../dns/types.js';
import { sh } from '../remote/quote.js';
import type { RecordPlan } from '../dns/records.js';
import { mtaStsFacts, plannedRecords, reverseZoneOf, zoneResolver } from './dns-publish.js';
import { alreadyDone, changed, type Task } from './report.js';
import type { Step, StepContext } from './types.js';

export function provider(ctx: StepContext, zone: string): DnsProvider {
  const { dns } = ctx.answers;
  if (dns.provider === 'manual') return manualProvider(zone);
  // One credential, both jobs: the certificate's DNS variables reach the provider's API too.
  if (isApiProvider(dns.provider)) return apiProvider(dns.provider, providerEnv(ctx), zone);
  if (!dns.server || !dns.tsigKeyName || !ctx.secrets.tsigSecret) {
    throw new Error('the rfc2136 DNS provider needs dns.server, dns.tsigKeyName and the TSIG secret (MAILSETUP_TSIG_SECRET); give them, or choose the manual provider');
  }
  return rfc2136Provider({ server: dns.server, zone, key: { name: dns.tsigKeyName, algorithm: dns.tsigAlgorithm, secret: ctx.secrets.tsigSecret } });
}

/**
 * Publish `records` (and wait until DNS shows them). With `review` (every
 * record of the domain) and a person watching, the records are shown first
 * and the step waits for them to go on: the DKIM key exists only now, so this
 * is the first moment the complete records can be shown.
 */
export async function publish(ctx: StepContext, task: Task, records: DnsRecord[], zone: string, review?: RecordPlan): Promise<number> {
  const resolver = await zoneResolver(ctx);
  const changes = planChanges(records, await readCurrent(records, resolver));
  const todo = pendingChanges(changes);
  if (!todo.length) return 0;
  const p = provider(ctx, zone);
  const manual = ctx.answers.dns.provider === 'manual';
  const showRecords = review && ctx.ui?.reviewRecords;
  if (showRecords) {
    task.output = manual ? 'waiting for you to add the records (DNS records screen)' : 'waiting for you to publish the records (DNS records screen)';
    // The policy file is shown only when the user uploads it; the server serves its own copy.
    const upload = ctx.answers.mtaSts?.serve === 'elsewhere' ? review.mtaStsPolicy : undefined;
    await showRecords({ domain: ctx.answers.domain, provider: ctx.answers.dns.provider, records: review.records, changes, notes: review.notes, mtaStsPolicy: upload });
  }
  task.output = p.describe(todo);
  await p.upsert(todo);
  const wait = await waitForRecords(records, resolver, {
    timeoutMs: manual ? 60 * 60_000 : 60_000,
    intervalMs: manual ? 10_000 : 500,
    // One line per record, turning ✓ as DNS shows it: the live view of "waiting for DNS".
    onProgress: (s) => {
      const mark = { visible: '✓', waiting: '…', different: '✗', error: '✗' } as const;
      // Names relative to the zone, as on the records screen, so a line fits the pane.
      const lines = s.map((x) => `${mark[x.state]} ${x.record.type} ${ownerName(x.record.name, fqdn(zone))}${x.state === 'different' ? ' (old value in DNS)' : ''}`);
      // The records screen showed what to add; without it the instructions stay in view.
      task.output = [...(manual && !showRecords ? [p.describe(todo)] : []), `waiting for DNS (${s.filter((x) => x.state === 'visible').length} of ${s.length} visible):`, ...lines].join('\n');
    },
  });
  if (!wait.ok) {
    const missing = wait.statuses.filter((x) => x.state !== 'visible').map((x) => `${x.record.type} ${x.record.name}${x.detail ? ` (${x.detail})` : ''}`);
    throw new Error(`DNS does not show these records yet: ${missing.join(', ')}. Check them in your DNS panel, then run mailsetup again.`);
  }
  return todo.length;
}

/**
 * A dry run publishes nothing: it names each record DNS does not show yet
 * with a `:` command (which does nothing), so the plan lists it like any
 * other change. On a fresh server the DKIM key is made by an earlier step of
 * the run, so its record is named without its value.
 */
async function planPublish(ctx: StepContext, task: Task, zone: DnsRecord[]): Promise<void> {
  const todo = pendingChanges(planChanges(zone, await readCurrent(zone, await zoneResolver(ctx))));
  task.output = provider(ctx, ctx.answers.domain).describe(todo);
  for (const c of todo) await ctx.remote.exec(sh`: publish ${c.action} ${c.record.type} ${c.record.name} ${c.record.values.join(' ')}`);
  if (!zone.some((r) => r.name.includes('._domainkey.'))) await ctx.remote.exec(sh`: publish add TXT DKIM record of ${ctx.answers.domain}, its key is made during the run`);
}

export const dnsStep: Step = {
  id: 'dns',
  title: 'DNS records',
  why: 'SPF, DKIM, DMARC, MX and reverse DNS are how receivers decide your mail is really yours.',
  reads: ['dns.provider', 'dns.server', 'dns.tsigKeyName', 'dmarc.policy'],
  needs: ['dkim', 'ipv6-up'],
  tasks: (ctx) => [
    {
      title: `Publish the records of ${ctx.answers.domain}`,
      task: async (_, task) => {
        const plan = await plannedRecords(ctx, await zoneResolver(ctx));
        const zone = plan.records.filter((r) => r.home === 'zone');
        if (ctx.dryRun) return planPublish(ctx, task, zone);
        const n = await publish(ctx, task, zone, ctx.answers.domain, plan);
        if (n) changed(task, `${n} record${n > 1 ? 's' : ''} published`);
        else alreadyDone(task, 'every record is published');
      },
    },
    {
      title: 'Reverse DNS (PTR)',
      task: async (_, task) => {
        const plan = await plannedRecords(ctx, await zoneResolver(ctx));
        const ptrs = plan.records.filter((r) => r.type === 'PTR');
        const resolver = await zoneResolver(ctx);
        const missing = [];
        for (const r of ptrs) if ((await recordStatus(r, resolver)).state !== 'visible') missing.push(r);
        if (!missing.length) return alreadyDone(task, ptrs.map((r) => `${r.name} -> ${r.values[0]}`).join(', '));
        if (ctx.dryRun) return;
        // Reverse zones belong to the host; only a DNS server that holds them
        // (the lab's, or your own) takes the update. Otherwise: the panel.
        const failed: string[] = [];
        for (const r of missing) {
          if (ctx.answers.dns.provider !== 'rfc2136') {
            failed.push(r.name);
            continue;
          }
          try {
            // Sent to the reverse zone's own server, the PTR is a record of
            // that zone (planChanges plans only records of the zone updated).
            const n = await publish(ctx, task, [{ ...r, home: 'zone' }], reverseZoneOf(r.name));
            if (n === 0) failed.push(r.name);
          } catch {
            failed.push(r.name);
          }
        }
        if (failed.length) {
          task.title = `Reverse DNS: set the PTR of ${(ctx.facts.ipv4 ?? []).concat(ctx.facts.ipv6 ?? []).join(', ')} to ${ctx.answers.hostname} in your host's panel (rDNS)`;
          task.skip(task.title);
        } else changed(task, 'published');
      },
    },
  ],
  verify: (ctx) => verifyDns(ctx),
};

export async function verifyDns(ctx: StepContext): Promise<CheckResult[]> {
  const resolver = await zoneResolver(ctx);
  const plan = await plannedRecords(ctx, resolver);
  const out: CheckResult[] = [];
  // The TLSA record is the DANE step's, which waits for the certificate (src/tasks/dane.ts).
  out.push(...(await checkPublished(plan.records.filter((x) => x.home !== 'other-domain' && x.type !== 'TLSA'), resolver, ctx.answers.hostname)));
  // What receivers will conclude from these records, as `mailsetup --check` reports it.
  const checks = await checkContext(ctx);
  const families = [checkHostnameDns, checkSpf, checkDkim, checkDmarc, checkRdns, ...(ctx.answers.receiving.mode === 'forward' ? [checkMx] : [])];
  // MTA-STS and TLS-RPT only when asked for: then a missing record fails.
  const expectMtaSts = Boolean(mtaStsFacts(ctx.answers));
  const expectTlsRpt = Boolean(ctx.answers.tlsRpt?.rua);
  // The records only: the policy is the MTA-STS step's, which may run beside this one (it waits for the certificate).
  if (expectMtaSts || expectTlsRpt) {
    const records = await checkMtaSts({ ...checks, expectMtaSts, expectTlsRpt });
    out.push(...records.filter((c) => c.status !== 'skip' && (c.id === 'mta-sts.record' || c.id === 'tls-rpt.record')));
  }
  for (const family of families) out.push(...(await family(checks)));
  return out;
}
