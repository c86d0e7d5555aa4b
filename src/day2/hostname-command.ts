// `mailsetup hostname set NAME`: the server's host name (its reverse-DNS
// name) changed everywhere it appears: chasquid.conf, the certificate and
// its folder, the reload hook, A/AAAA, MX, PTR, SPF, the MTA-STS policy and
// nginx's certificate, and the state (hostname-change.ts). Then the checks of
// what a name change can break: chasquid's name, hostname DNS, reverse DNS,
// MX, TLS and MTA-STS.
import type { Session } from '../session/session.js';
import { checkHostnameDns } from '../checks/hostname-dns.js';
import { checkMtaSts } from '../checks/mta-sts.js';
import { checkMx } from '../checks/mx.js';
import { checkRdns } from '../checks/rdns.js';
import type { CheckResult } from '../checks/types.js';
import { verifyCertificate } from '../tasks/certificate.js';
import { certificateNames } from '../server/cert-probe.js';
import { checkContext } from '../tasks/check-context.js';
import { verifyChasquid } from '../tasks/chasquid.js';
import type { StepContext } from '../tasks/types.js';
import type { PlannedChange } from './change.js';
import { ensureAddresses } from './domain-add.js';
import { certificateProblem, publishNames, retireOldCertificate, spfPlan, switchChasquid, switchMtaSts, withHostname } from './hostname-change.js';
import { describeHostnameChange, type HostnamePlan } from './hostname-plan.js';
import { mtaStsPolicy } from '../dns/mta-sts.js';
import { mtaStsFacts } from '../tasks/dns-publish.js';
import type { Day2Target } from '../session/target.js';


/** Kept in the state while the old name's certificate folder is still on the server, so a rerun can finish. */
interface Pending {
  from: string;
}

function mtaStsPlan(ctx: StepContext): HostnamePlan['mtaSts'] {
  const facts = mtaStsFacts(ctx.answers);
  return facts && { servedByServer: Boolean(facts.servedByServer), policy: mtaStsPolicy([ctx.answers.hostname], facts.mode) };
}

async function hostnameChecks(ctx: StepContext): Promise<CheckResult[]> {
  const checks = await checkContext(ctx);
  const out = [...(await verifyChasquid(ctx)), ...(await checkHostnameDns(checks)), ...(await checkRdns(checks))];
  if (ctx.answers.receiving.mode === 'forward') out.push(...(await checkMx(checks)));
  out.push(...(await verifyCertificate(ctx)));
  // The policy names the host as its mx and is served with the certificate that moved.
  if (mtaStsFacts(ctx.answers)) out.push(...(await checkMtaSts({ ...checks, expectMtaSts: true })));
  return out;
}

/** The server's new host name everywhere it appears; a rerun finishes what an interrupted one left. */
export async function hostnameChange(session: Session, target: Day2Target, to: string): Promise<PlannedChange> {
  const { store } = session;
  const pending = store.data.facts.hostnameChange as Pending | undefined;
  const from = pending?.from ?? session.ctx.answers.hostname;
  await ensureAddresses(session.ctx);
  // The extra CA (the lab's Pebble) is trusted by the TLS checks, as in the setup.
  const ctx = { ...withHostname(session.ctx, to), caFile: target.caFile };
  const reissue = await certificateProblem(ctx, from, to);
  const { dns } = ctx.answers;
  const plan = {
    from,
    to,
    domain: ctx.answers.domain,
    reissue,
    names: certificateNames(ctx.answers.domain, to),
    addresses: [...(ctx.facts.ipv4 ?? []), ...(ctx.answers.ipv6.enable ? (ctx.facts.ipv6 ?? []) : [])],
    receiving: ctx.answers.receiving.mode === 'forward',
    dnsProvider: dns.provider,
    ptrByMailsetup: dns.provider === 'rfc2136',
    spfHasOldName: (await spfPlan(ctx, from)).namesOld,
    mtaSts: mtaStsPlan(ctx),
  };
  return {
    plan: describeHostnameChange(plan),
    async apply(say) {
      await switchChasquid(ctx, store, Boolean(reissue), say);
      // chasquid now answers as the new name: the state says so too (a rerun
      // and `mailsetup --check` use it), with the old name kept until its folder is gone.
      if (from !== to) store.data.facts.hostnameChange = { from } satisfies Pending;
      await store.setAnswers(ctx.answers);
      say(`chasquid runs as ${to}`, 'ok');
      await switchMtaSts(ctx, store, say);

      await publishNames(ctx, store, from, say);
      const retired = await retireOldCertificate(ctx, from);
      if (retired) say(retired);
      if (!retired.startsWith('kept')) delete store.data.facts.hostnameChange;
      await store.save();
      if (from !== to) say(`The A/AAAA records of ${from} stay in DNS: remove them once no mail uses that name.`);
      return { checks: await hostnameChecks(ctx) };
    },
  };
}
