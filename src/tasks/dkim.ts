// Guide step 6 (docs/guide-steps.md): DKIM signing. chasquid 1.14 and later sign natively with a
// key made by `chasquid-util dkim-keygen`; older packaged versions (Debian
// 12 has 1.11) sign through the post-data hook with python3-dkim. Either way
// the public key record goes into facts.dkim for the DNS step.
import { results } from '../checks/result.js';
import type { CheckResult } from '../checks/types.js';
import { dkimFromKey, dkimValue } from '../dns/dkim.js';
import { sh } from '../remote/quote.js';
import { aptInstall } from './apt.js';
import { asset } from './assets.js';
import { chasquidGroup } from '../server/group.js';
import { chasquidVersion, signsNatively } from '../server/version.js';
import { domainDir, hookDkimKey, hookDkimSelector, postDataHook } from '../server/paths.js';
import { holds } from '../server/probe.js';
import { alreadyDone, changed, type Task } from './report.js';
import { restartLater } from '../server/service.js';
import type { Step, StepContext } from './types.js';
import { NATIVE } from '../checks/dkim-keys.js';

/** A selector from the date, like the guide's script: new keys get new names. */
export const newSelector = (at = new Date()) => `ms${at.toISOString().slice(0, 10).replace(/-/g, '')}`;

/** Native mode: the selector of an existing `domains/D/dkim:SELECTOR.pem`, if any. */
async function nativeSelector(ctx: StepContext, domain: string): Promise<string | undefined> {
  const res = await ctx.remote.exec(sh`cd ${domainDir(domain)} 2>/dev/null && ls -1 dkim:*.pem 2>/dev/null | head -n1`, {
    readOnly: true,
    allowFailure: true,
  });
  return selectorOfKeyFile(res.stdout.trim());
}

/**
 * `dkim:SELECTOR.pem` -> SELECTOR, when it is one DNS label: the name comes
 * from the server and becomes the DKIM record's name.
 */
export function selectorOfKeyFile(name: string): string | undefined {
  return NATIVE.exec(name)?.[1];
}

async function ensureNative(ctx: StepContext, task: Task): Promise<{ selector: string; keyPath: string; made: boolean }> {
  const domain = ctx.answers.domain;
  const existing = await nativeSelector(ctx, domain);
  if (existing) return { selector: existing, keyPath: `${domainDir(domain)}/dkim:${existing}.pem`, made: false };
  const selector = newSelector();
  const keyPath = `${domainDir(domain)}/dkim:${selector}.pem`;
  task.output = `chasquid-util dkim-keygen ${domain} ${selector}`;
  await restartLater(ctx, 'the DKIM key');
  await ctx.remote.exec(sh`mkdir -p ${domainDir(domain)} && chasquid-util dkim-keygen ${domain} ${selector} ${keyPath}`);
  return { selector, keyPath, made: true };
}

async function ensureHook(ctx: StepContext, task: Task): Promise<{ selector: string; keyPath: string; made: boolean }> {
  const domain = ctx.answers.domain;
  await aptInstall(ctx, task, ['python3-dkim']);
  const keyPath = hookDkimKey(domain);
  const [selectorFile, keyProbe] = await Promise.all([
    ctx.remote.readFile(hookDkimSelector(domain)),
    ctx.remote.exec(sh`[ -s ${keyPath} ]`, { readOnly: true, allowFailure: true }),
  ]);
  const found = selectorFile?.toString('utf8').trim();
  const make = keyProbe.code !== 0 || !found;
  const selector = found || newSelector();
  // The hook, and a missing key with its selector file, written side by side.
  const [hook] = await Promise.all([
    ctx.remote.writeFile(postDataHook, asset('chasquid/hooks/post-data'), { mode: 0o755 }),
    make ? ctx.remote.exec(sh`mkdir -p ${keyPath.replace(/\/[^/]+$/, '')} && [ -s ${keyPath} ] || (umask 077 && openssl genrsa -out ${keyPath} 2048 2>/dev/null)`) : undefined,
    make ? ctx.remote.writeFile(hookDkimSelector(domain), `${selector}\n`, { mode: 0o644, makeParent: true }) : undefined,
  ]);
  return { selector, keyPath, made: make || hook.changed };
}

export const dkimStep: Step = {
  id: 'dkim',
  title: 'DKIM signing',
  why: 'Receivers trust mail signed with your domain key; unsigned mail lands in spam.',
  reads: ['domain'],
  needs: ['chasquid'],
  tasks: (ctx) => [
    {
      title: `DKIM key for ${ctx.answers.domain}`,
      task: async (_, task) => {
        const version = ctx.facts.chasquidVersion ?? (await chasquidVersion(ctx)) ?? '0';
        const mode = signsNatively(version) ? 'native' : 'hook';
        const [made, g] = await Promise.all([mode === 'native' ? ensureNative(ctx, task) : ensureHook(ctx, task), chasquidGroup(ctx)]);
        // The key must be readable by chasquid (it signs, or runs the hook, as its own user) and nobody else.
        const [permOk, key] = await Promise.all([
          holds(ctx, sh`[ "$(stat -c '%U:%G %a' ${made.keyPath})" = ${`root:${g} 640`} ]`),
          ctx.dryRun ? null : ctx.remote.readFile(made.keyPath),
        ]);
        // chasquid loads a native key when it starts; the hook reads its key for each message.
        if (!permOk && mode === 'native') await restartLater(ctx, 'the DKIM key');
        if (!permOk) await ctx.remote.exec(sh`chown ${`root:${g}`} ${made.keyPath} && chmod 0640 ${made.keyPath}`);
        if (ctx.dryRun) return;
        const pem = key;
        if (!pem) throw new Error(`the DKIM key ${made.keyPath} is missing after creating it`);
        ctx.facts.dkim = { selector: made.selector, record: dkimValue(dkimFromKey(pem)), mode };
        if (made.made || !permOk) changed(task, `selector ${made.selector} (${mode === 'native' ? 'chasquid signs natively' : 'signed by the post-data hook'})`);
        else alreadyDone(task, `selector ${made.selector}, ${mode}`);
      },
    },
  ],
  verify: (ctx) => verifyDkim(ctx),
};

export async function verifyDkim(ctx: StepContext): Promise<CheckResult[]> {
  const r = results('DKIM');
  const dkim = ctx.facts.dkim;
  if (!dkim) return [r.fail('dkim.key', 'DKIM key', 'no key recorded', 'run mailsetup again')];
  const keyPath = dkim.mode === 'native' ? `${domainDir(ctx.answers.domain)}/dkim:${dkim.selector}.pem` : hookDkimKey(ctx.answers.domain);
  const [res, hook] = await Promise.all([
    ctx.remote.exec(sh`stat -c '%a' ${keyPath}`, { readOnly: true, allowFailure: true }),
    dkim.mode === 'hook' ? ctx.remote.readFile(postDataHook) : null,
  ]);
  const mode = res.stdout.trim();
  const out = [
    res.code === 0 && /^[0-7][0-7]0$/.test(mode)
      ? r.ok('dkim.key', `DKIM key ${dkim.selector} in place, private (${mode})`)
      : r.fail('dkim.key', 'DKIM key in place and private', res.code === 0 ? `mode ${mode}` : 'missing', 'run mailsetup again'),
  ];
  if (dkim.mode === 'hook') {
    out.push(
      hook?.toString('utf8') === asset('chasquid/hooks/post-data')
        ? r.ok('dkim.hook', 'post-data hook signs mail')
        : r.fail('dkim.hook', 'post-data hook signs mail', 'the hook differs from mailsetup\'s', 'run mailsetup again to restore it'),
    );
  }
  return out;
}
