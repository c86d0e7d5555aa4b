// A second (third, ...) mail domain on the same server: its own folder,
// DKIM key, aliases and DNS records, built by the same code as the first
// domain's (tasks/dns-publish.ts, tasks/receiving.ts, dkim-rotate.ts) with
// the domain swapped in. Nothing of the first domain is read for writing:
// its folder, chasquid.conf and the certificate stay as they are (the
// server keeps its one hostname, which the certificate already covers).
import { serverIpsFromRemote } from '../checks/server-ips.js';
import { dkimFromKey, dkimValue } from '../dns/dkim.js';
import { readCurrent } from '../dns/providers/current.js';
import { pendingChanges, planChanges } from '../dns/providers/plan.js';
import { waitForRecords } from '../dns/providers/wait.js';
import type { DnsRecord } from '../dns/types.js';
import { aliasTargets, setAlias } from '../server/aliases.js';
import { plannedRecords, zoneResolver } from '../tasks/dns-publish.js';
import { provider } from '../tasks/dns.js';
import { aliasesFile, domainDir } from '../server/paths.js';
import { ensureDir } from '../server/probe.js';
import { wantedAliases } from '../tasks/receiving.js';
import { pendingRestart, restartChasquid } from '../server/service.js';
import type { StepContext } from '../tasks/types.js';
import { pickSelector } from './dkim-plan.js';
import { activate, currentDkim, stageKey } from './dkim-rotate.js';

/** A report address of the first domain becomes the same address at the new one (no cross-domain authorization needed). */
const moveAddress = (address: string | undefined, from: string, to: string) => (address?.endsWith(`@${from}`) ? `${address.slice(0, -from.length)}${to}` : address);

/** The first domain's context with another domain (and that domain's DKIM key) swapped in. */
export function domainContext(ctx: StepContext, domain: string, dkim?: StepContext['facts']['dkim']): StepContext {
  const first = ctx.answers.domain;
  const { dmarc } = ctx.answers;
  return {
    ...ctx,
    answers: {
      ...ctx.answers,
      domain,
      senders: ctx.answers.senders.filter((s) => s.endsWith(`@${domain}`)),
      dmarc: { ...dmarc, rua: moveAddress(dmarc.rua, first, domain), ruf: moveAddress(dmarc.ruf, first, domain) },
    },
    facts: { ...ctx.facts, dkim },
  };
}

/** The server's addresses for SPF: from the state, else asked of the server. */
export async function ensureAddresses(ctx: StepContext): Promise<void> {
  if (ctx.facts.ipv4?.length) return;
  const ips = await serverIpsFromRemote(ctx.remote, 15000);
  if (!ips) throw new Error('cannot read the server\'s addresses (ip addr): the SPF record needs them');
  ctx.facts.ipv4 = ips.v4;
  ctx.facts.ipv6 = ips.v6;
}

/** Records that live in the new domain's own zone (the hostname's A/AAAA and PTR belong to others). */
export async function domainRecords(ctx: StepContext): Promise<DnsRecord[]> {
  const plan = await plannedRecords(ctx, await zoneResolver(ctx));
  return plan.records.filter((r) => r.home === 'zone' && (r.name === ctx.answers.domain || r.name.endsWith(`.${ctx.answers.domain}`)));
}

export interface AddDomainOutcome {
  selector: string;
  records: DnsRecord[];
  /** The new domain's context (its DKIM key in facts), for the checks. */
  ctx: StepContext;
}

export async function addDomain(base: StepContext, domain: string, say: (line: string) => void, wantedSelector?: string): Promise<AddDomainOutcome> {
  await ensureAddresses(base);
  const plain = domainContext(base, domain);
  if (await ensureDir(plain, domainDir(domain))) say(`created ${domainDir(domain)}`);

  // DKIM: reuse a key already there (a rerun), else stage a new one.
  const current = await currentDkim(plain);
  const selector = current.selectors[0] ?? pickSelector([], wantedSelector);
  const pem = current.selectors.length ? (await base.remote.readFile(current.paths[0]!))! : await stageKey(plain, current.mode, selector);
  const ctx = domainContext(base, domain, { selector, record: dkimValue(dkimFromKey(pem)), mode: current.mode });

  let aliasesChanged = false;
  if (ctx.answers.receiving.mode === 'forward') {
    const file = aliasesFile(domain);
    const now = (await ctx.remote.readFile(file))?.toString('utf8') ?? '';
    let next = now;
    for (const [user, to] of Object.entries(wantedAliases(ctx))) if (aliasTargets(next, user) !== to) next = setAlias(next, user, to);
    if (next !== now) {
      await ctx.remote.writeFile(file, next, { mode: 0o644 });
      aliasesChanged = true;
      say(`forwarding *@${domain} to ${ctx.answers.receiving.forwardTo}`);
    }
  }

  const records = await domainRecords(ctx);
  const resolver = await zoneResolver(ctx);
  const todo = pendingChanges(planChanges(records, await readCurrent(records, resolver)));
  const manual = ctx.answers.dns.provider === 'manual';
  if (todo.length) {
    const p = provider(ctx, domain);
    say(p.describe(todo));
    await p.upsert(todo);
  }
  const wait = await waitForRecords(records, resolver, { timeoutMs: manual ? 60 * 60_000 : 120_000, intervalMs: manual ? 10_000 : 500 });
  if (!wait.ok) {
    const missing = wait.statuses.filter((s) => s.state !== 'visible').map((s) => `${s.record.type} ${s.record.name}`);
    throw new Error(`DNS does not show ${missing.join(', ')} yet: once it does, run \`mailsetup domain add ${domain}\` again to finish`);
  }
  say(`records of ${domain} visible in DNS: ${records.map((r) => `${r.type} ${r.name}`).join(', ')}`);

  // The key signs only once its record is visible (as in a rotation).
  if (!current.selectors.length) await activate(ctx, { mode: current.mode, selectors: [], paths: [] }, selector, pem, say);
  // A run cut off after the key went in place left its restart noted: chasquid
  // reads keys only when it starts, so without it the new domain would go unsigned.
  else if (aliasesChanged || (await pendingRestart(ctx)).length) await restartChasquid(ctx, `adding the aliases and key of ${domain}`);
  return { selector, records, ctx };
}
