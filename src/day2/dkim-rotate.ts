// The rotation itself (plan in dkim-plan.ts). Each stage can be rerun: a
// staged key for the selector is reused, a published record is not sent
// again, so an interrupted rotation finishes when run again with the same
// --selector. The old key is removed only after DNS shows the new record.
import { readServerDkimKeys } from '../checks/dkim-keys.js';
import { dkimFromKey, dkimRecord, dkimValue } from '../dns/dkim.js';
import { readCurrent } from '../dns/providers/current.js';
import { pendingChanges, planChanges } from '../dns/providers/plan.js';
import { waitForRecords } from '../dns/providers/wait.js';
import { sh } from '../remote/quote.js';
import { chasquidVersion, signsNatively } from '../server/version.js';
import { zoneResolver } from '../tasks/dns-publish.js';
import { provider } from '../tasks/dns.js';
import { domainDir, hookDkimKey, hookDkimSelector, MAILSETUP_DIR } from '../server/paths.js';
import { restartChasquid } from '../server/service.js';
import type { StepContext } from '../tasks/types.js';
import { chasquidOwner } from '../server/group.js';

export const PENDING_DIR = `${MAILSETUP_DIR}/dkim-pending`;
export const pendingKey = (domain: string, selector: string) => `${PENDING_DIR}/${domain}-${selector}.pem`;
export const nativeKey = (domain: string, selector: string) => `${domainDir(domain)}/dkim:${selector}.pem`;

export interface CurrentDkim {
  mode: 'native' | 'hook';
  selectors: string[];
  /** Key files now in use (what step 3 deletes or replaces). */
  paths: string[];
}

/** ctx for one domain: the rotation may be for a second domain on the server. */
export const forDomain = (ctx: StepContext, domain: string): StepContext => ({ ...ctx, answers: { ...ctx.answers, domain } });

export async function currentDkim(ctx: StepContext): Promise<CurrentDkim> {
  const version = (await chasquidVersion(ctx)) ?? '0';
  const mode = signsNatively(version) ? 'native' : 'hook';
  const keys = (await readServerDkimKeys(ctx.remote, ctx.answers.domain)).filter((k) => k.mode === mode);
  return { mode, selectors: keys.map((k) => k.selector), paths: keys.map((k) => k.path) };
}

/** Stage 1: the new key, out of chasquid's sight. */
export async function stageKey(ctx: StepContext, mode: 'native' | 'hook', selector: string): Promise<Buffer> {
  const domain = ctx.answers.domain;
  const path = pendingKey(domain, selector);
  const make = mode === 'native' ? sh`chasquid-util dkim-keygen ${domain} ${selector} ${path} >/dev/null` : sh`openssl genrsa -out ${path} 2048 2>/dev/null`;
  await ctx.remote.exec(sh`install -d -m 0700 ${PENDING_DIR} && { [ -s ${path} ] || (umask 077 && ${make}); }`);
  const pem = await ctx.remote.readFile(path);
  if (!pem) throw new Error(`the new DKIM key ${path} is missing after making it`);
  return pem;
}

/** Stage 2: publish the record and wait until DNS answers with it. */
export async function publishAndWait(ctx: StepContext, selector: string, pem: Buffer, say: (line: string) => void): Promise<void> {
  const domain = ctx.answers.domain;
  const record = dkimRecord(domain, selector, dkimFromKey(pem));
  const resolver = await zoneResolver(ctx);
  const todo = pendingChanges(planChanges([record], await readCurrent([record], resolver)));
  const manual = ctx.answers.dns.provider === 'manual';
  if (todo.length) {
    const p = provider(ctx, domain);
    say(p.describe(todo));
    await p.upsert(todo);
    if (!manual) say(`published ${record.name}`);
  } else say(`${record.name} is already published`);
  const wait = await waitForRecords([record], resolver, { timeoutMs: manual ? 60 * 60_000 : 120_000, intervalMs: manual ? 10_000 : 500 });
  if (!wait.ok) {
    throw new Error(
      `DNS does not show ${record.name} yet, so the old key keeps signing and nothing else changed. Once it is visible, run \`mailsetup dkim rotate --selector ${selector}\` again to finish.`,
    );
  }
  say(`${record.name} is visible in DNS (${resolver.via})`);
}

/** Stage 3: the new key in place, the old one deleted, chasquid restarted; returns the new facts.dkim. */
export async function activate(
  ctx: StepContext,
  current: CurrentDkim,
  selector: string,
  pem: Buffer,
  say: (line: string) => void,
): Promise<NonNullable<StepContext['facts']['dkim']>> {
  const domain = ctx.answers.domain;
  const owner = await chasquidOwner(ctx);
  // No backup copies: a retired private key is only a liability.
  if (current.mode === 'native') {
    await ctx.remote.writeFile(nativeKey(domain, selector), pem, { mode: 0o640, owner, backup: false });
    const old = current.paths.filter((p) => p !== nativeKey(domain, selector));
    if (old.length) await ctx.remote.exec(sh`rm -f -- ${old}`);
    say(`new key ${nativeKey(domain, selector)} in place${old.length ? `; deleted ${old.join(', ')}` : ''}`);
  } else {
    await ctx.remote.writeFile(hookDkimKey(domain), pem, { mode: 0o640, owner, backup: false });
    await ctx.remote.writeFile(hookDkimSelector(domain), `${selector}\n`, { mode: 0o644, backup: false });
    say(`new key written over the old one in ${hookDkimKey(domain)}; selector ${selector}`);
  }
  await ctx.remote.exec(sh`rm -f -- ${pendingKey(domain, selector)}`);
  await restartChasquid(ctx, 'switching the DKIM key');
  return { selector, record: dkimValue(dkimFromKey(pem)), mode: current.mode };
}
