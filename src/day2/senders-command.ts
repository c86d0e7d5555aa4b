// `mailsetup senders list|add|remove|passwd ADDRESS` on a server mailsetup
// set up. Same users-file code as the setup's Senders step (server/userdb.ts,
// tasks/senders.ts); only the one sender's entry changes, nothing else.
// chasquid-util runs with its default config dir (/etc/chasquid): 1.15
// refuses `-C PATH` written without the `=`.
import type { Session } from '../session/session.js';
import { checkSenders, type WantedSender } from '../checks/senders.js';
import { checkRunning } from '../checks/service.js';
import type { CheckResult } from '../checks/types.js';
import { usersFile } from '../server/paths.js';
import { removeSender } from '../tasks/senders.js';
import { restartChasquid } from '../server/service.js';
import type { StepContext } from '../tasks/types.js';
import { parseUsers, withUsers } from '../server/userdb.js';
import { authCheck } from '../checks/smtp-auth.js';
import { checkAuthenticatedRelay } from '../checks/relay-auth.js';
import { chasquidOwner } from '../server/group.js';
import type { PlannedChange } from './change.js';
import { type PasswordChoice } from './sender-password.js';
import { describeSendersAction, type SendersAction } from './senders-plan.js';
import { serverDomains } from '../server/domains.js';
import { type Day2Target } from '../session/target.js';

async function usersText(ctx: StepContext, domain: string): Promise<string | null> {
  return (await ctx.remote.readFile(usersFile(domain)))?.toString('utf8') ?? null;
}

export async function setSenderPassword(ctx: StepContext, local: string, domain: string, password: string): Promise<void> {
  const current = await usersText(ctx, domain);
  const next = withUsers(current ?? '', { [local]: password });
  if (!next.changed.length) return;
  // An existing file keeps its mode and owner; a first sender creates it private.
  await ctx.remote.writeFile(usersFile(domain), next.text, current === null ? { mode: 0o640, owner: await chasquidOwner(ctx) } : {});
  await restartChasquid(ctx, `changing the sender ${local}@${domain}`);
}

async function senderChecks(ctx: StepContext, target: Day2Target, local: string, domain: string, password: string | null): Promise<CheckResult[]> {
  const wanted: WantedSender = password === null ? { local, present: false } : { local, present: true, password };
  const out = [await checkRunning(ctx.remote), ...(await checkSenders(ctx.remote, domain, [wanted]))];
  if (password !== null) {
    const probe = { address: target.answers.host.address, hostname: target.answers.hostname, user: `${local}@${domain}`, password, caFile: target.caFile };
    out.push(await authCheck(probe), await checkAuthenticatedRelay(probe));
  }
  return out;
}

type SenderChange = Exclude<SendersAction, { verb: 'list' }>;

/** Add a sender, set its password, or remove it: checked against the server, planned, applied, verified. */
export async function senderChange(session: Session, target: Day2Target, action: SenderChange, pickPassword: () => Promise<PasswordChoice>): Promise<PlannedChange> {
  const { ctx } = session;
  const domains = await serverDomains(ctx.remote);
  if (!domains.includes(action.domain)) {
    throw new Error(`this server does not serve ${action.domain} (it serves ${domains.join(', ') || 'no domain'}): add the domain first with \`mailsetup domain add ${action.domain}\``);
  }
  const exists = parseUsers((await usersText(ctx, action.domain)) ?? '').some((b) => b.name === action.local);
  if (action.verb === 'add' && exists) throw new Error(`${action.address} is already a sender: \`mailsetup senders passwd ${action.address}\` sets a new password`);
  if (action.verb !== 'add' && !exists) throw new Error(`${action.address} is not a sender on this server (see \`mailsetup senders list\`)`);
  let choice: PasswordChoice | null = null;
  return {
    plan: describeSendersAction(action, usersFile(action.domain)),
    // The password is chosen before asking, so a typo ends the run with nothing changed.
    beforeConfirm: async () => {
      if (action.verb !== 'remove') choice = await pickPassword();
    },
    async apply(say) {
      const password = choice?.password ?? null;
      if (action.verb === 'remove') await removeSender(ctx, action.address);
      else if (password === null) throw new Error(`no password was chosen for ${action.address}: nothing changed`);
      else await setSenderPassword(ctx, action.local, action.domain, password);
      // The saved answers list the senders of the run's own domain only; those
      // of a domain added later live in that domain's users file.
      if (action.domain === ctx.answers.domain) {
        const senders = new Set(ctx.answers.senders);
        if (action.verb === 'remove') senders.delete(action.address);
        else senders.add(action.address);
        await session.store.setAnswers({ ...ctx.answers, senders: [...senders] });
      }
      say(`${action.address}: ${action.verb === 'remove' ? 'removed' : action.verb === 'add' ? 'added' : 'password changed'}`, 'ok');
      return {
        checks: await senderChecks(ctx, target, action.local, action.domain, password),
        shownOnce: choice?.generated ? choice.password : undefined,
      };
    },
  };
}
