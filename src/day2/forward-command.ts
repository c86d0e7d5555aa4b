// `mailsetup forward list|to|add|remove` on a domain of the server: the
// aliases file edited as planned (forward-plan.ts), chasquid restarted so
// it reads it now, then the lines checked as chasquid will see them.
import type { Session } from '../session/session.js';
import { checkForwarding } from '../checks/forwarding.js';
import { checkRunning } from '../checks/service.js';
import { aliasesFile } from '../server/paths.js';
import { restartChasquid } from '../server/service.js';
import type { PlannedChange } from './change.js';
import { planForward, type ForwardAction } from './forward-plan.js';
import { serverDomains } from '../server/domains.js';

function wantedLines(action: Exclude<ForwardAction, { verb: 'list' }>): Array<[string, string | undefined]> {
  if (action.verb === 'to') return [['*', action.mailbox]];
  if (action.verb === 'add') return [[action.user, action.targets]];
  return [[action.user, undefined]];
}

export async function aliasesText(session: Session, domain: string): Promise<string> {
  return (await session.remote.readFile(aliasesFile(domain)))?.toString('utf8') ?? '';
}

export async function servedDomain(session: Session, domain: string): Promise<string> {
  if (!(await serverDomains(session.remote)).includes(domain)) throw new Error(`this server does not serve ${domain}`);
  return domain;
}

/** A change to one domain's aliases file: planned as a text edit, written, chasquid restarted, the lines checked. */
export async function forwardChange(session: Session, action: Exclude<ForwardAction, { verb: 'list' }>, domain: string): Promise<PlannedChange> {
  const { ctx } = session;
  await servedDomain(session, domain);
  const file = aliasesFile(domain);
  const current = await aliasesText(session, domain);
  const plan = planForward(current, action, ctx.answers.receiving.forwardTo, domain);
  if (!plan.changes.length) return { plan: [], nothing: `Nothing to change: ${file} already says so.`, apply: async () => ({ checks: [] }) };
  return {
    plan: [`Change forwarding in ${file}:`, ...plan.changes.map((c) => `  - ${c}`), '  - then restart chasquid so it reads the file now'],
    async apply(say) {
      await ctx.remote.writeFile(file, plan.next, current === '' ? { mode: 0o644 } : {});
      await restartChasquid(ctx, 'changing the forwarding');
      if (action.verb === 'to' && domain === ctx.answers.domain) {
        await session.store.setAnswers({ ...ctx.answers, receiving: { mode: 'forward', forwardTo: action.mailbox } });
      }
      say('forwarding changed', 'ok');
      const checks = [await checkRunning(ctx.remote), ...(await checkForwarding(ctx.remote, domain, wantedLines(action)))];
      return { checks };
    },
  };
}
