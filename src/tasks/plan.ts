// What a run would do on this server, found without changing it: every step
// runs against a recording Remote (src/remote/dry-run.ts) that sends only
// read-only probes and file reads to the real connection. `--dry-run` prints
// it; the wizard's Review screen shows it before the person chooses Start.
import { DryRunRemote, type DryRunRecord } from '../remote/dry-run.js';
import type { StateStore } from '../state/store.js';
import { runSteps } from './runner.js';
import type { Step, StepContext } from './types.js';

export interface StepPlan {
  id: string;
  title: string;
  /** False when the answers make the step unnecessary. */
  needed: boolean;
  /** What it would run and write, in order. */
  records: DryRunRecord[];
  /** Set when the step could not be planned without the changes of the steps before it (its records are partial). */
  error?: string;
}

export async function planSteps(ctx: StepContext, store: StateStore, steps: Step[]): Promise<StepPlan[]> {
  const recorder = new DryRunRemote(ctx.remote);
  // One context for all steps, in list order (every step's needs come before
  // it, so each sees what it would see in the real run, where independent
  // steps run side by side): a later step reads what an earlier one would
  // have written, and the restart step sees the restarts noted before it.
  // The facts are a copy (the run learns them for real), and no screen is
  // opened: a dry run never publishes, so it never shows the records screen.
  const { ui: _ui, ...rest } = ctx;
  const dry: StepContext = { ...rest, remote: recorder, dryRun: true, facts: structuredClone(ctx.facts), runs: new Set(steps.map((s) => s.id)) };
  const plans: StepPlan[] = [];
  for (const step of steps) {
    const from = recorder.records.length;
    const outcome = await runSteps({ steps: [step], ctx: dry, store, renderer: 'silent' });
    plans.push({
      id: step.id,
      title: step.title,
      needed: !step.enabled || step.enabled(dry),
      records: recorder.records.slice(from),
      ...(outcome.ok ? {} : { error: outcome.error?.message.split('\n')[0] ?? 'unknown error' }),
    });
  }
  return plans;
}
