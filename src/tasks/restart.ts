// One chasquid restart for every change of the steps before it (certificate,
// DKIM key, senders, aliases), instead of one per step: each of those steps
// notes on the server that a restart is waiting (service.ts, `restartLater`),
// and this step restarts chasquid when a note is there. A run cut off before
// this step leaves the note, so the next run still restarts. When the test
// mail's proof follows, its temporary alias goes in before this restart, so
// the proof needs none of its own: one restart per full run.
import { checkRestartApplied } from '../checks/service.js';
import type { CheckResult } from '../checks/types.js';
import { alreadyDone, changed } from './report.js';
import { pendingRestart, restartChasquid } from '../server/service.js';
import { verifyCertificate } from './certificate.js';
import { prepareProof } from './proof.js';
import type { Step, StepContext } from './types.js';

export const restartStep: Step = {
  id: 'restart',
  title: 'Restart chasquid with the changes',
  why: 'chasquid reads its certificate, keys, senders and aliases when it starts: one restart puts them all in force.',
  reads: [],
  needs: ['certificate-install', 'dkim', 'senders', 'receiving'],
  tasks: (ctx) => [
    {
      title: 'Restart chasquid if a change waits for it',
      task: async (_, task) => {
        const reasons = await pendingRestart(ctx);
        if (!reasons.length) return alreadyDone(task, 'no change waits for a restart');
        // The test mail step sends its proof after this restart (when it runs: it needs senders).
        if (ctx.runs?.has('testmail') && ctx.answers.senders.length > 0) await prepareProof(ctx);
        await restartChasquid(ctx, `the changes to ${reasons.join(', ')}`);
        changed(task, `restarted for ${reasons.join(', ')}`);
      },
    },
  ],
  verify: (ctx) => verifyRestart(ctx),
};

/** Nothing waits for a restart, and chasquid runs and serves its certificate on every port (the certificate checks of --check). */
export async function verifyRestart(ctx: StepContext): Promise<CheckResult[]> {
  const [applied, served] = await Promise.all([checkRestartApplied(ctx), verifyCertificate(ctx)]);
  return [applied, ...served];
}
