// Guide step 15 (docs/guide-steps.md): send as a mail app would (465 implicit TLS, 587 STARTTLS,
// SMTP AUTH), to the user's own address when given, and prove without any
// outside mailbox that the server's mail carries a valid DKIM signature.
import { results } from '../checks/result.js';
import type { CheckResult } from '../checks/types.js';
import { runProof, type ProofResult } from './proof.js';
import { changed } from './report.js';
import { canLogIn, explainSmtpError, testSender, transport, type SubmissionPort } from './submit.js';
import type { Step, StepContext } from './types.js';

/**
 * Logins this run has already proven, per port, with what proved them: the
 * step's own SMTP sessions (the 465 login or test mail, the 587 proof) are
 * what its checks would repeat moments later, so the checks take them from
 * here. Taking them also clears them: any later check (a rerun in the same
 * process, --check) logs in itself.
 */
const provenLogins = new WeakMap<StepContext, Map<SubmissionPort, string>>();

function proven(ctx: StepContext, port: SubmissionPort, detail: string): void {
  const logins = provenLogins.get(ctx) ?? new Map<SubmissionPort, string>();
  logins.set(port, detail);
  provenLogins.set(ctx, logins);
}

/** The user's test mail through 465 (implicit TLS, AUTH); its message id. */
async function sendTestMail(ctx: StepContext, to: string): Promise<string> {
  const { user, pass } = testSender(ctx);
  const t = await transport(ctx, 465, user, pass);
  try {
    const info = await t.sendMail({
      from: user,
      to,
      subject: `Test from ${ctx.answers.hostname} (mailsetup)`,
      text: `Sent by mailsetup through ${ctx.answers.hostname}:465 as ${user}.\nIn Gmail, "Show original" should say DKIM: PASS.\n`,
    });
    proven(ctx, 465, `${user} logged in on 465 over TLS and sent the test mail`);
    return info.messageId;
  } catch (error) {
    throw new Error(explainSmtpError(error, 465));
  } finally {
    t.close();
  }
}

export const testmailStep: Step = {
  id: 'testmail',
  title: 'Test mail',
  why: 'Proof that the server accepts your senders and signs what it sends.',
  reads: ['senders', 'testMail.to'],
  // It logs in on 465 and 587 from outside: the server's firewall must let them in first.
  needs: ['restart', 'dns', 'firewall'],
  skippable: 'no test mail is sent, so nothing proves yet that mail leaves the server signed',
  enabled: (ctx) => ctx.answers.senders.length > 0,
  tasks: (ctx) => {
    provenLogins.delete(ctx);
    const to = ctx.answers.testMail.to;
    return [
      {
        // 587 (STARTTLS, AUTH) is proven by the automatic proof's message below,
        // 465 by the test mail sent beside it when there is an address to send it to.
        title: 'Log in on 465 (TLS)',
        skip: () => (ctx.dryRun && 'dry run: nothing is sent') || (Boolean(to) && 'the test mail logs in on 465'),
        task: async (_, task) => {
          const r = await canLogIn(ctx, 465);
          if (!r.ok) throw new Error(r.detail);
          proven(ctx, 465, r.detail);
          task.output = r.detail;
        },
      },
      {
        title: to ? `Test mail to ${to} (465) and the DKIM proof against DNS` : 'Automatic proof: DKIM signature verified against DNS',
        skip: () => ctx.dryRun && 'dry run: nothing is sent',
        task: async (_, task) => {
          let accepted: string | undefined;
          // The test mail goes out while the proof's message does: one window between chasquid's restarts.
          const testMail = to
            ? async () => {
                accepted = await sendTestMail(ctx, to);
              }
            : undefined;
          const proof: ProofResult = await runProof(ctx, (line) => (task.output = line), {
            onSent: (detail) => proven(ctx, 587, detail),
            alongside: testMail,
          });
          ctx.facts.proof = { ...proof, at: new Date().toISOString() };
          if (proof.dkim !== 'pass') {
            throw new Error(
              `the server's signature did not verify (DKIM ${proof.dkim}). Check that the DKIM record is published (mailsetup --check) and that chasquid signs (journalctl -u chasquid), then run mailsetup again.`,
            );
          }
          const signed = `DKIM ${proof.dkim} (d=${proof.dkimDomain}), SPF ${proof.spf ?? '-'}, DMARC ${proof.dmarc ?? '-'}${proof.tls ? ', received over TLS' : ''}`;
          changed(task, accepted ? `test mail accepted (${accepted}); ${signed}` : signed);
        },
      },
    ];
  },
  verify: async (ctx) => {
    const r = results('Sending');
    const out: CheckResult[] = [];
    const thisRun = provenLogins.get(ctx);
    provenLogins.delete(ctx);
    for (const port of [465, 587] as const) {
      const earlier = thisRun?.get(port);
      const login = earlier ? { ok: true, detail: earlier } : await canLogIn(ctx, port);
      out.push(login.ok ? r.ok(`sending.login.${port}`, login.detail) : r.fail(`sending.login.${port}`, `log in on ${port}`, login.detail, 'run mailsetup again'));
    }
    const proof = ctx.facts.proof as ProofResult | undefined;
    out.push(
      proof?.dkim === 'pass'
        ? r.ok('sending.proof.dkim', `last proof: DKIM pass (d=${proof.dkimDomain})`)
        : r.fail('sending.proof.dkim', 'a signed message verified', proof ? `DKIM ${proof.dkim}` : 'not proven yet', 'run mailsetup again'),
    );
    return out;
  },
};
