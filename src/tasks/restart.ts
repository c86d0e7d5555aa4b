// One chasquid restart for every change of the steps before it (DKIM key,
// senders, aliases), instead of one per step: each of those steps notes on
// the server that a restart is waiting (service.ts, `restartLater`), and
// this step restarts chasquid when a note is there. A run cut off before
// this step leaves the note, so the next run still restarts.
import { checkRestartApplied, checkRunning } from '../checks/service.js';
import type { CheckResult } from '../checks/types.js';
import { alreadyDone, changed } from './report.js';
import { pendingRestart, restartChasquid } from '../server/service.js';
import type { Step, StepContext } from './types.js';

export const restartStep: Step = {
  id: 'restart',
  title: 'Restart chasquid with the changes',
  why: 'chasquid reads its keys, senders and aliases when it starts: one restart puts them all in force.',
  needs: [],
  tasks: (ctx) => [
    {
      title: 'Restart chasquid if a change waits for it',
      task: async (_, task) => {
        const reasons = await pendingRestart(ctx);
        if (!reasons.length) return alreadyDone(task, 'no change waits for a restart');
        await restartChasquid(ctx, `the changes to ${reasons.join(', ')}`);
        changed(task, `restarted for ${reasons.join(', ')}`);
      },
    },
  ],
  verify: (ctx) => verifyRestart(ctx),
};

export async function verifyRestart(ctx: StepContext): Promise<CheckResult[]> {
  return [await checkRestartApplied(ctx), await checkRunning(ctx.remote)];
}
