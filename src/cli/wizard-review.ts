// The Review screen's plan: connect (the host key is confirmed first), run
// every step as a dry run over that connection (only read-only probes reach
// the server), and hold the connection open for Start; Back closes it.
import { serverLine } from '../remote/server-text.js';
import { planSteps } from '../tasks/plan.js';
import { reviewOf } from '../tasks/plan-summary.js';
import type { PreparedRun, RunReport } from '../ui/controller.js';
import { planListing } from './plan-listing.js';
import { openRun, runIn, stoppedBefore, type RunTarget } from './wizard-run.js';

const loadSteps = async () => (await import('../tasks/steps.js')).steps;

export async function openReview(t: RunTarget): Promise<PreparedRun | { failed: RunReport }> {
  const opened = await openRun(t, true);
  if ('failed' in opened) return opened;
  const { session } = opened;
  let closed = false;
  const close = async () => {
    if (closed) return;
    closed = true;
    await session.close();
  };
  try {
    const steps = await loadSteps();
    const plans = await planSteps(session.ctx, session.store, steps);
    session.logger.line(`review: the plan before Start\n${planListing(plans).join('\n')}`);
    const { host } = t.answers;
    return {
      target: `${host.user}@${host.address}:${host.port ?? 22}`,
      hostKey: session.hostKey,
      steps: reviewOf(plans),
      // The listing quotes the server's files (diffs): inert before it reaches the screen.
      commands: planListing(plans).map((line) => serverLine(line)),
      async start(choice) {
        closed = true;
        return runIn(session, steps, t, choice);
      },
      cancel: close,
    };
  } catch (error) {
    // A probe that failed (the connection lost, a command the server refused): the Failed screen says why; nothing was changed.
    await close();
    return { failed: stoppedBefore(t, 'review', error) };
  }
}
