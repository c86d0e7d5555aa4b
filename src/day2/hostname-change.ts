// The hostname change in the order that keeps mail flowing: chasquid takes
// the new name with a certificate valid for it (the certificate step when
// the current one does not cover it), nginx (when it serves the MTA-STS
// policy) reads that certificate and serves the policy naming the new host,
// then DNS names it (the DNS step: A/AAAA, MX, PTR, the policy's id), and the
// old certificate folder goes last, once chasquid and nginx serve the new one. Each part can be rerun: what is in place is kept.
import { mtaStsHost } from '../dns/mta-sts.js';
import { readCurrent } from '../dns/providers/current.js';
import { pendingChanges, planChanges } from '../dns/providers/plan.js';
import { waitForRecords } from '../dns/providers/wait.js';
import { sh } from '../remote/quote.js';
import type { StateStore } from '../state/store.js';
import { certificateNames, judge } from '../server/cert-probe.js';
import { certificateInstallStep, certificateStep, reloadHookScript } from '../tasks/certificate.js';
import { setConfValue } from '../server/conf.js';
import { checkProviderEnv } from '../tasks/dns-credentials.js';
import { plannedRecords, zoneResolver } from '../tasks/dns-publish.js';
import { dnsStep, provider } from '../tasks/dns.js';
import { HTTPS_PORT, mtaStsStep, servedPolicy } from '../tasks/mta-sts.js';
import { renewalFiles, RENEW_SCRIPT } from '../tasks/lego.js';
import { certDir, CHASQUID_CONF, mtaStsSite, reloadHook } from '../server/paths.js';
import { runSteps } from '../tasks/runner.js';
import { servesCertificate } from '../server/served-cert.js';
import { isActive, pendingRestart, restartChasquid } from '../server/service.js';
import type { Step, StepContext } from '../tasks/types.js';
import { swapSpfHost } from './hostname-plan.js';

export const withHostname = (ctx: StepContext, hostname: string): StepContext => ({ ...ctx, answers: { ...ctx.answers, hostname } });

/** Why the certificate chasquid has now (in the old name's folder) will not do for the new name; undefined when it will. */
export async function certificateProblem(ctx: StepContext, from: string, to: string): Promise<string | undefined> {
  const dir = certDir(from);
  const cert = await ctx.remote.readFile(`${dir}/fullchain.pem`);
  const key = cert ? await ctx.remote.readFile(`${dir}/privkey.pem`) : null;
  const state = judge(cert, key, certificateNames(ctx.answers.domain, to));
  return state.ok ? undefined : state.reason;
}

/** The apex SPF record as the DNS step would publish it, and whether it names the old host. */
export async function spfPlan(ctx: StepContext, from: string) {
  const plan = await plannedRecords(ctx, await zoneResolver(ctx));
  const record = plan.records.find((r) => r.type === 'TXT' && /^v=spf1\b/i.test(r.values[0] ?? ''));
  const swapped = record && swapSpfHost(record.values[0]!, from, ctx.answers.hostname);
  return { record, swapped, namesOld: Boolean(record && swapped !== record.values[0]) };
}

/** A step of the setup, run again with the new name (its probes keep what is in place). */
async function runStep(step: Step, ctx: StepContext, store: StateStore): Promise<void> {
  const outcome = await runSteps({ steps: [step], ctx, store, recheck: true, renderer: 'simple' });
  if (!outcome.ok) throw outcome.error ?? new Error(`the ${step.id} step failed`);
}

/** chasquid under the new name: chasquid.conf, the reload hook's folder, a certificate that covers the name. */
export async function switchChasquid(ctx: StepContext, store: StateStore, reissue: boolean, say: (line: string) => void): Promise<void> {
  const to = ctx.answers.hostname;
  // Credentials are checked before anything changes, as the certificate step does.
  if (reissue) checkProviderEnv(ctx);
  const conf = (await ctx.remote.readFile(CHASQUID_CONF))?.toString('utf8') ?? '';
  const confChanged = (await ctx.remote.writeFile(CHASQUID_CONF, setConfValue(conf, 'hostname', to))).changed;
  say(confChanged ? `chasquid.conf: hostname "${to}"` : `chasquid.conf already names ${to}`);
  await ctx.remote.writeFile(reloadHook, await reloadHookScript(ctx), { mode: 0o700 });
  // The hook copies the client's current certificate into the new folder and
  // restarts chasquid when it copied anything; chasquid then runs as the new name.
  const placed = await ctx.remote.exec(sh`sh ${reloadHook}`);
  say(`reload hook now targets ${certDir(to)}${placed.stdout.includes('updated') ? ': certificate placed, chasquid restarted' : ''}`);
  if ((confChanged && !placed.stdout.includes('updated')) || !(await isActive(ctx))) await restartChasquid(ctx, 'the hostname change');
  if (reissue) {
    say(`issuing a certificate for ${certificateNames(ctx.answers.domain, to).join(', ')} (certificate steps):`);
    await runStep(certificateStep, ctx, store);
    await runStep(certificateInstallStep, ctx, store);
    // Placed for chasquid without a restart (the setup restarts once for all its changes): restart now.
    if ((await pendingRestart(ctx)).length) await restartChasquid(ctx, 'the new certificate');
  } else if (ctx.answers.tls.client === 'lego') {
    // The daily renewal asks for the certificate's names: they follow the hostname.
    const script = renewalFiles(ctx, {}).script;
    if ((await ctx.remote.writeFile(RENEW_SCRIPT, script, { mode: 0o700 })).changed) say(`${RENEW_SCRIPT}: renews the names of ${to}`);
  }
}

/**
 * nginx, when it serves the MTA-STS policy, under the new name (the MTA-STS
 * step): its site reads the new name's certificate folder, the policy's mx is
 * the new name, and nginx reloads. Before the DNS step, which publishes the
 * policy's new id: senders that see the new id fetch the new policy.
 */
export async function switchMtaSts(ctx: StepContext, store: StateStore, say: (line: string) => void): Promise<void> {
  if (servedPolicy(ctx) === undefined) return;
  say(`MTA-STS policy (mx: ${ctx.answers.hostname}) and nginx's certificate (MTA-STS step):`);
  await runStep(mtaStsStep, ctx, store);
}

/** DNS under the new name: SPF's a: term moved first (the step merges with what it finds), then the DNS step. */
export async function publishNames(ctx: StepContext, store: StateStore, from: string, say: (line: string) => void): Promise<void> {
  const spf = await spfPlan(ctx, from);
  if (spf.record && spf.namesOld) {
    const record = { ...spf.record, values: [spf.swapped!] };
    const resolver = await zoneResolver(ctx);
    const todo = pendingChanges(planChanges([record], await readCurrent([record], resolver)));
    if (todo.length) {
      const p = provider(ctx, ctx.answers.domain);
      say(p.describe(todo));
      await p.upsert(todo);
      const manual = ctx.answers.dns.provider === 'manual';
      const wait = await waitForRecords([record], resolver, { timeoutMs: manual ? 60 * 60_000 : 120_000, intervalMs: manual ? 10_000 : 500 });
      if (!wait.ok) throw new Error(`DNS does not show the SPF record with a:${ctx.answers.hostname} yet: once it does, run \`mailsetup hostname set ${ctx.answers.hostname}\` again`);
    }
  }
  say('DNS records and reverse DNS for the new name (DNS step):');
  await runStep(dnsStep, ctx, store);
}

/** The old name's certificate files, once chasquid is running and serves the new folder's certificate; returns what it did. */
export async function retireOldCertificate(ctx: StepContext, from: string): Promise<string> {
  const to = ctx.answers.hostname;
  if (from === to) return '';
  const pem = await ctx.remote.readFile(`${certDir(to)}/fullchain.pem`);
  if (!(await isActive(ctx)) || !(await servesCertificate(ctx, 465, to, pem))) {
    return `kept ${certDir(from)}: chasquid does not serve ${certDir(to)}'s certificate yet`;
  }
  // nginx, serving the MTA-STS policy, reads the same folder: the old one stays while nginx's site
  // names it (nginx would not start again without it) or nginx serves another certificate.
  if (servedPolicy(ctx) !== undefined) {
    const site = (await ctx.remote.readFile(mtaStsSite))?.toString('utf8') ?? '';
    if (site.includes(`${certDir(from)}/`) || !(await servesCertificate(ctx, HTTPS_PORT, mtaStsHost(ctx.answers.domain), pem))) {
      return `kept ${certDir(from)}: nginx does not serve ${certDir(to)}'s certificate for ${mtaStsHost(ctx.answers.domain)} yet`;
    }
  }
  // Only the certificate and key: the folder may hold other files (a hook-mode DKIM key lives in certs/DOMAIN/).
  const dir = certDir(from);
  await ctx.remote.exec(sh`rm -f -- ${`${dir}/fullchain.pem`} ${`${dir}/privkey.pem`} && rmdir --ignore-fail-on-non-empty -- ${dir} 2>/dev/null || true`);
  return `removed the certificate of ${from} (${dir})`;
}
