// `--dry-run`: every step runs against a recording Remote that still reads
// from the real server (so each step probes and decides exactly as in a real
// run) but records commands and file writes instead of doing them. The
// listing is printed per step; nothing on the server changes and the state
// file keeps its step statuses.
import { DryRunRemote } from '../remote/dry-run.js';
import { runSteps } from '../tasks/runner.js';
import type { Step } from '../tasks/types.js';
import type { Session } from '../session/session.js';

export async function dryRunMode(session: Session, steps: Step[]): Promise<number> {
  const out = process.stdout;
  out.write(`Dry run against ${session.remote.target}: nothing below is executed.\n`);
  let failed = 0;
  for (const step of steps) {
    const recorder = new DryRunRemote(session.remote);
    const ctx = { ...session.ctx, remote: recorder, dryRun: true };
    const outcome = await runSteps({ steps: [step], ctx, store: session.store, renderer: 'silent' });
    out.write(`\n== ${step.title} ==\n`);
    if (step.enabled && !step.enabled(ctx)) out.write('  (not needed with your answers)\n');
    else if (recorder.records.length === 0) out.write('  nothing to change\n');
    else out.write(`${recorder.listing().replace(/^/gm, '  ')}\n`);
    if (!outcome.ok) {
      failed++;
      out.write(`  ! could not plan this step without running the ones before it: ${outcome.error?.message.split('\n')[0]}\n`);
    }
  }
  out.write(`\n${failed ? `${failed} step(s) depend on earlier changes; their listing is partial.\n` : ''}Nothing was changed.\n`);
  return 0;
}
