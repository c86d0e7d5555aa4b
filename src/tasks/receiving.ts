// Guide step 13 (docs/guide-steps.md): receive mail for the domain and forward it to the user's
// mailbox (e.g. Gmail): a catch-all `*` plus one line per sender in the
// domain's aliases file. The MX record is left to the DNS step. Skipped
// when the user already has a mailbox provider (their MX stays untouched).
import { checkForwarding } from '../checks/forwarding.js';
import type { CheckResult } from '../checks/types.js';
import { setAlias } from '../server/aliases.js';
import { aliasesFile, domainDir } from '../server/paths.js';
import { ensureDir } from '../server/probe.js';
import { alreadyDone, changed } from './report.js';
import { restartLater } from '../server/service.js';
import type { Step, StepContext } from './types.js';

/** `user -> target` lines the domain should have. */
export function wantedAliases(ctx: StepContext): Record<string, string> {
  const to = ctx.answers.receiving.forwardTo;
  if (!to) throw new Error('receiving.forwardTo is empty: give the mailbox address that should get the forwarded mail (e.g. you@gmail.com)');
  const domain = ctx.answers.domain.toLowerCase();
  const out: Record<string, string> = {};
  for (const sender of ctx.answers.senders) {
    const [local, senderDomain] = sender.toLowerCase().split('@');
    if (senderDomain === domain && local) out[local] = to;
  }
  out['*'] = to;
  return out;
}

export const receivingStep: Step = {
  id: 'receiving',
  title: 'Receive and forward',
  why: 'Replies and mail to any address of your domain reach your own mailbox.',
  reads: ['receiving.mode', 'receiving.forwardTo'],
  // The spam filter first: no message is forwarded unjudged while the run goes on.
  needs: ['chasquid', 'spam-filter'],
  enabled: (ctx) => ctx.answers.receiving.mode === 'forward',
  tasks: (ctx) => [
    {
      title: `Forward *@${ctx.answers.domain} to ${ctx.answers.receiving.forwardTo ?? '?'}`,
      task: async (_, task) => {
        const file = aliasesFile(ctx.answers.domain);
        const current = (await ctx.remote.readFile(file))?.toString('utf8') ?? '';
        let next = current;
        for (const [user, target] of Object.entries(wantedAliases(ctx))) next = setAlias(next, user, target);
        if (next === current) return alreadyDone(task);
        // chasquid reads aliases at start (and only every 30 s after): the restart step puts them in force now.
        await Promise.all([ensureDir(ctx, domainDir(ctx.answers.domain)), restartLater(ctx, 'the aliases')]);
        await ctx.remote.writeFile(file, next, { mode: 0o644 });
        changed(task, 'aliases written');
      },
    },
  ],
  verify: (ctx) => verifyReceiving(ctx),
};

export async function verifyReceiving(ctx: StepContext): Promise<CheckResult[]> {
  return checkForwarding(ctx.remote, ctx.answers.domain, Object.entries(wantedAliases(ctx)));
}
