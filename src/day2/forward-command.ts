// `mailsetup forward list|to|add|remove` on a domain of the server: the
// aliases file edited as planned (forward-plan.ts), chasquid restarted so
// it reads it now, then the lines checked as chasquid will see them.
import type { CliRequest } from '../cli/args.js';
import { results } from '../checks/result.js';
import type { CheckResult } from '../checks/types.js';
import { aliasTargets } from '../tasks/aliases.js';
import { aliasesFile } from '../tasks/paths.js';
import { isActive, restartChasquid } from '../tasks/service.js';
import { askYesNo } from './ask.js';
import { parseForwardWords, planForward, type ForwardAction } from './forward-plan.js';
import { painter } from './paint.js';
import { printChecks } from './print-checks.js';
import { serverDomains } from './server-domains.js';
import { openTarget, resolveTarget } from './target.js';

function wantedLines(action: Exclude<ForwardAction, { verb: 'list' }>): Array<[string, string | undefined]> {
  if (action.verb === 'to') return [['*', action.mailbox]];
  if (action.verb === 'add') return [[action.user, action.targets]];
  return [[action.user, undefined]];
}

export async function forwardMode(request: CliRequest, say: (line: string) => void = (l) => process.stdout.write(`${l}\n`)): Promise<number> {
  const action = parseForwardWords(request.day2?.words ?? []);
  const paint = painter();
  const target = await resolveTarget(request);
  const session = await openTarget(request, target);
  const { ctx } = session;
  try {
    const domain = request.domain ?? ctx.answers.domain;
    if (!(await serverDomains(ctx.remote)).includes(domain)) throw new Error(`this server does not serve ${domain}`);
    const file = aliasesFile(domain);
    const current = (await ctx.remote.readFile(file))?.toString('utf8') ?? '';
    if (action.verb === 'list') {
      const lines = current.split('\n').filter((l) => l.trim() && !l.trim().startsWith('#'));
      say(lines.length ? lines.map((l) => `${domain}  ${l}`).join('\n') : `${domain}: no forwarding (${file} is empty)`);
      return 0;
    }
    const plan = planForward(current, action, ctx.answers.receiving.forwardTo, domain);
    if (!plan.changes.length) {
      say(`Nothing to change: ${file} already says so.`);
      return 0;
    }
    say(`Change forwarding in ${file}:`);
    for (const c of plan.changes) say(`  - ${c}`);
    say('  - then restart chasquid so it reads the file now');
    if (!(await askYesNo('Go ahead?', request.yes))) {
      say('Nothing changed.');
      return 1;
    }
    await ctx.remote.writeFile(file, plan.next, current === '' ? { mode: 0o644 } : {});
    await restartChasquid(ctx, 'changing the forwarding');
    if (action.verb === 'to' && domain === ctx.answers.domain) {
      await session.store.setAnswers({ ...ctx.answers, receiving: { mode: 'forward', forwardTo: action.mailbox } });
    }
    say(paint('ok', 'forwarding changed'));
    const r = results('Receiving');
    const now = (await ctx.remote.readFile(file))?.toString('utf8') ?? '';
    const checks: CheckResult[] = [(await isActive(ctx)) ? r.ok('service.chasquid.active', 'chasquid is running') : r.fail('service.chasquid.active', 'chasquid is running', 'not active', 'mailsetup logs shows why')];
    for (const [user, want] of wantedLines(action)) {
      const got = aliasTargets(now, user);
      const who = user === '*' ? `*@${domain}` : `${user}@${domain}`;
      checks.push(
        got === want
          ? r.ok(`receiving.alias.${user}`, want ? `${who} forwards to ${want}` : `${who} has no forwarding line`)
          : r.fail(`receiving.alias.${user}`, `${who} forwarding`, `the file says ${got ?? 'nothing'}`, `edit ${file} by hand or run the command again`),
      );
    }
    return printChecks(checks, paint, say);
  } finally {
    await session.close();
  }
}
