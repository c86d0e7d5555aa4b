// `mailsetup dkim rotate [--selector NAME] [--domain D]`: a new DKIM key
// with a new selector, published before it signs (dkim-rotate.ts), then the
// checks: the record matches the key, and a test mail signed with it
// verifies against DNS (the setup's own proof, tasks/proof.ts).
import type { Session } from '../session/session.js';
import { checkDkim } from '../checks/dkim.js';
import { results } from '../checks/result.js';
import type { CheckResult } from '../checks/types.js';
import { zoneResolver } from '../tasks/dns-publish.js';
import { runProof } from '../tasks/proof.js';
import type { StepContext } from '../tasks/types.js';
import type { PlannedChange } from './change.js';
import { describeRotation, pickSelector } from './dkim-plan.js';
import { activate, currentDkim, finish, forDomain, publishAndWait, stageKey, unfinished, type CurrentDkim } from './dkim-rotate.js';
import { serverDomains } from '../server/domains.js';
import type { Day2Target } from '../session/target.js';


/** A sender of this domain whose password is known here, for the signed test mail. */
function proofSender(ctx: StepContext): string | undefined {
  return ctx.answers.senders.find((s) => s.endsWith(`@${ctx.answers.domain}`) && ctx.secrets.senderPasswords[s]);
}

export async function dkimChecks(ctx: StepContext, selector: string, caFile: string | undefined, say: (l: string) => void): Promise<CheckResult[]> {
  const r = results('DKIM');
  const out = await checkDkim({ domain: ctx.answers.domain, dns: await zoneResolver(ctx), remote: ctx.remote });
  const sender = proofSender(ctx);
  if (!sender) {
    out.push(r.skip('dkim.proof', 'a test mail signed with the new key verifies', `no sender password of ${ctx.answers.domain} is known here (MAILSETUP_SENDER_PASSWORD is only for new senders)`));
    return out;
  }
  try {
    const proofCtx = { ...ctx, answers: { ...ctx.answers, senders: [sender] }, caFile };
    const proof = await runProof(proofCtx, (line) => say(`  ${line}`));
    out.push(
      proof.dkim === 'pass'
        ? r.ok('dkim.proof', `a test mail from ${sender} is signed with ${selector} and verifies`, `DKIM pass for ${proof.dkimDomain ?? ctx.answers.domain} (mailauth, against DNS)`)
        : r.fail('dkim.proof', 'a test mail signed with the new key verifies', `DKIM ${proof.dkim}`, 'mailsetup --check shows which record or key differs'),
    );
  } catch (error) {
    out.push(r.fail('dkim.proof', 'a test mail signed with the new key verifies', (error as Error).message, 'mailsetup logs shows what chasquid did with it'));
  }
  return out;
}

/** A new DKIM key for one served domain, published before it signs, then proved by a signed test mail. */
export async function dkimChange(session: Session, target: Day2Target, domain: string, wantedSelector?: string): Promise<PlannedChange> {
  if (!(await serverDomains(session.remote)).includes(domain)) throw new Error(`this server does not serve ${domain}`);
  const ctx = forDomain(session.ctx, domain);
  const current = await currentDkim(ctx);
  if (!current.selectors.length) throw new Error(`${domain} has no DKIM key on the server yet: run mailsetup (its DKIM step) first`);
  // The same --selector again after a run was cut off: finish what it left;
  // after a finished one: nothing to rotate, only the checks.
  if (wantedSelector && current.selectors.includes(wantedSelector)) return resumeChange(session, target, ctx, current, wantedSelector);
  const selector = pickSelector(current.selectors, wantedSelector);
  return {
    plan: describeRotation(domain, current.selectors, selector, current.mode, ctx.answers.dns.provider),
    async apply(say) {
      const pem = await stageKey(ctx, current.mode, selector);
      say(`new key for ${selector} made (not signing yet)`);
      await publishAndWait(ctx, selector, pem, say);
      const dkim = await activate(ctx, current, selector, pem, say);
      if (domain === target.answers.domain) {
        session.ctx.facts.dkim = dkim;
        await session.store.save();
      }
      say(`${domain} now signs with ${selector}`, 'ok');
      return { checks: await dkimChecks(ctx, selector, target.caFile, say) };
    },
  };
}

/** `dkim rotate --selector S` where S already signs: finish a cut-off rotation, or say it is done. */
async function resumeChange(session: Session, target: Day2Target, ctx: StepContext, current: CurrentDkim, selector: string): Promise<PlannedChange> {
  const domain = ctx.answers.domain;
  const left = await unfinished(ctx, current, selector);
  return {
    plan: left
      ? [`Finish rotating the DKIM key of ${domain} to ${selector} (a run was cut off): ${left.join('; ')}`]
      : [`${selector} is already the DKIM key of ${domain}: nothing to rotate; checking it`],
    async apply(say) {
      if (left) {
        const dkim = await finish(ctx, current, selector, say);
        if (domain === target.answers.domain) {
          session.ctx.facts.dkim = dkim;
          await session.store.save();
        }
        say(`${domain} now signs with ${selector}`, 'ok');
      }
      return { checks: await dkimChecks(ctx, selector, target.caFile, say) };
    },
  };
}
