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
import { pendingRestart, restartChasquid, restartLater } from '../server/service.js';
import type { StepContext } from '../tasks/types.js';
import { chasquidOwner } from '../server/group.js';

export const PENDING_DIR = `${MAILSETUP_DIR}/dkim-pending`;
export const pendingKey = (domain: string, selector: string) => `${PENDING_DIR}/${domain}-${selector}.pem`;
/** The start of every staged key's path for `domain`: once a key is switched in, any other staged one is an abandoned rotation's. */
const stagedOf = (domain: string) => `${PENDING_DIR}/${domain}-`;
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

/**
 * The switch as one remote command, so a run cut off after any command never
 * leaves a half switch: with the hook, the key and its selector file change
 * together (a new key under the old selector would fail every signature);
 * natively, the new key file appears and the old ones go together. The
 * staged key on the server is the source, so the switch sends no secret.
 */
function switchCommand(mode: 'native' | 'hook', domain: string, selector: string, owner: string, old: string[]) {
  const [user, group] = owner.split(':') as [string, string];
  const staged = pendingKey(domain, selector);
  if (mode === 'native') {
    const key = nativeKey(domain, selector);
    const drop = old.filter((p) => p !== key);
    return sh`install -m 0640 -o ${user} -g ${group} ${staged} ${`${key}.new`} && mv -f ${`${key}.new`} ${key} && rm -f -- ${drop} ${stagedOf(domain)}*.pem`;
  }
  const key = hookDkimKey(domain);
  const sel = hookDkimSelector(domain);
  return sh`install -m 0640 -o ${user} -g ${group} ${staged} ${`${key}.new`} && printf '%s\n' ${selector} > ${`${sel}.new`} && chmod 0644 ${`${sel}.new`} && mv -f ${`${key}.new`} ${key} && mv -f ${`${sel}.new`} ${sel} && rm -f -- ${stagedOf(domain)}*.pem`;
}

/**
 * Stage 3: the new key in place, the old one deleted, chasquid restarted;
 * returns the new facts.dkim. The restart is noted on the server before the
 * switch, so a run cut off between the switch and the restart is finished
 * by the next (see `unfinished`).
 */
export async function activate(
  ctx: StepContext,
  current: CurrentDkim,
  selector: string,
  pem: Buffer,
  say: (line: string) => void,
): Promise<NonNullable<StepContext['facts']['dkim']>> {
  const domain = ctx.answers.domain;
  const owner = await chasquidOwner(ctx);
  await restartLater(ctx, 'the DKIM key');
  // No backup copies: a retired private key is only a liability.
  await ctx.remote.exec(switchCommand(current.mode, domain, selector, owner, current.paths));
  if (current.mode === 'native') {
    const old = current.paths.filter((p) => p !== nativeKey(domain, selector));
    say(`new key ${nativeKey(domain, selector)} in place${old.length ? `; deleted ${old.join(', ')}` : ''}`);
  } else {
    say(`new key written over the old one in ${hookDkimKey(domain)}; selector ${selector}`);
  }
  await restartChasquid(ctx, 'switching the DKIM key');
  return { selector, record: dkimValue(dkimFromKey(pem)), mode: current.mode };
}

/**
 * A rotation to `selector` that a cut-off run left unfinished: the new key is
 * the one in place, but an old key file, the staged copy or the restart
 * that makes chasquid sign with it is still there to deal with. Null when
 * `selector` is in place and nothing is left (the rotation is done).
 */
export async function unfinished(ctx: StepContext, current: CurrentDkim, selector: string): Promise<string[] | null> {
  const left: string[] = [];
  if (current.mode === 'native' && current.selectors.length > 1) left.push(`old key files ${current.paths.filter((p) => p !== nativeKey(ctx.answers.domain, selector)).join(', ')}`);
  const staged = await ctx.remote.exec(sh`test -e ${pendingKey(ctx.answers.domain, selector)}`, { readOnly: true, allowFailure: true });
  if (staged.code === 0) left.push(`the staged key ${pendingKey(ctx.answers.domain, selector)}`);
  if ((await pendingRestart(ctx)).length) left.push('the restart that makes chasquid sign with it');
  return left.length ? left : null;
}

/** Finish an unfinished rotation: the same switch (idempotent once the key is in place) and the restart. */
export async function finish(ctx: StepContext, current: CurrentDkim, selector: string, say: (line: string) => void): Promise<NonNullable<StepContext['facts']['dkim']>> {
  const domain = ctx.answers.domain;
  const inPlace = current.mode === 'native' ? nativeKey(domain, selector) : hookDkimKey(domain);
  const pem = await ctx.remote.readFile(inPlace);
  if (!pem) throw new Error(`the DKIM key ${inPlace} is missing: run \`mailsetup dkim rotate\` with a new --selector`);
  const drop = current.paths.filter((p) => p !== nativeKey(domain, selector));
  await ctx.remote.exec(sh`rm -f -- ${current.mode === 'native' ? drop : []} ${stagedOf(domain)}*.pem`);
  if (drop.length && current.mode === 'native') say(`deleted ${drop.join(', ')}`);
  await restartChasquid(ctx, 'switching the DKIM key');
  return { selector, record: dkimValue(dkimFromKey(pem)), mode: current.mode };
}
