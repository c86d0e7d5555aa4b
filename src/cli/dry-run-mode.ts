// `--dry-run`: every step runs against a recording Remote that still reads
// from the real server (so each step probes and decides exactly as in a real
// run) but records commands and file writes instead of doing them. The
// listing is printed per step; nothing on the server changes and the state
// file keeps its step statuses.
import { planSteps } from '../tasks/plan.js';
import type { Step } from '../tasks/types.js';
import type { Session } from '../session/session.js';
import { planListing } from './plan-listing.js';

export async function dryRunMode(session: Session, steps: Step[]): Promise<number> {
  process.stdout.write(`Dry run against ${session.remote.target}: nothing below is executed.\n`);
  const plans = await planSteps(session.ctx, session.store, steps);
  process.stdout.write(`${planListing(plans).join('\n')}\n\nNothing was changed.\n`);
  return 0;
}
