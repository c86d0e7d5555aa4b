// Runs the ordered steps as one listr2 tree over one SSH connection, with
// resume: a step recorded as done is verified and skipped when its checks
// still pass; an interrupted or failed one is run again (steps are
// idempotent, so redoing part of one is safe).
import { Listr, type ListrRendererValue, type ListrTask } from 'listr2';
import type { CheckResult } from '../checks/types.js';
import { redact } from '../remote/redact.js';
import { secretValues } from '../state/secrets.js';
import type { StateStore } from '../state/store.js';
import type { Step, StepContext } from './types.js';

export class StepVerifyError extends Error {
  constructor(
    readonly stepId: string,
    readonly failures: CheckResult[],
  ) {
    super(
      `verification failed:\n${failures
        .map((f) => `  ✗ ${f.title}${f.details ? `: ${f.details}` : ''}${f.fix ? `\n    fix: ${f.fix}` : ''}`)
        .join('\n')}`,
    );
    this.name = 'StepVerifyError';
  }
}

export interface RunOptions {
  steps: Step[];
  ctx: StepContext;
  store: StateStore;
  /** Run every step's tasks even when recorded as done. */
  recheck?: boolean;
  /**
   * Steps the user chose to skip after they failed. Only a step marked
   * `skippable` is skipped: it is recorded as skipped (not done), so the
   * next run offers it again and `--check` still reports what it would fix.
   */
  skip?: string[];
  renderer?: ListrRendererValue;
  rendererOptions?: Record<string, unknown>;
}

export interface RunOutcome {
  ok: boolean;
  failedStep?: string;
  error?: Error;
  verified: Record<string, CheckResult[]>;
  /** Steps skipped in this run at the user's request, with what that leaves undone. */
  skipped: SkippedStep[];
  /** The failed step may be skipped: what skipping it leaves undone. */
  failedSkippable?: string;
}

export interface SkippedStep {
  id: string;
  title: string;
  leaves: string;
}

const failures = (results: CheckResult[]) => results.filter((r) => r.status === 'fail');

export function stepTask(
  step: Step,
  options: RunOptions,
  verified: Record<string, CheckResult[]>,
  current: { id?: string },
  skipped: SkippedStep[] = [],
): ListrTask<StepContext> {
  const { store, ctx } = options;
  return {
    title: step.title,
    skip: () => (step.enabled && !step.enabled(ctx) ? `${step.title}: not needed with your answers` : false),
    task: async (_, task) => {
      current.id = step.id;
      const skipRequested = options.skip?.includes(step.id) || (step.follows !== undefined && options.skip?.includes(step.follows));
      if (step.skippable && skipRequested) {
        if (!ctx.dryRun) await store.setStep(step.id, 'skipped', step.skippable);
        skipped.push({ id: step.id, title: step.title, leaves: step.skippable });
        task.skip(`${step.title}: skipped (${step.skippable})`);
        return;
      }
      if (!ctx.dryRun && !options.recheck && store.status(step.id) === 'done') {
        const results = await step.verify(ctx);
        verified[step.id] = results;
        if (failures(results).length === 0) {
          task.skip(`${step.title}: already done (verified)`);
          return;
        }
        task.output = 'was done, but its checks fail now: running it again';
      }
      if (!ctx.dryRun) await store.setStep(step.id, 'running');
      const finish: ListrTask<StepContext> = {
        title: ctx.dryRun ? 'Verify (skipped in a dry run)' : 'Verify',
        task: async () => {
          if (ctx.dryRun) return;
          const results = await step.verify(ctx);
          verified[step.id] = results;
          const failed = failures(results);
          if (failed.length) throw new StepVerifyError(step.id, failed);
          await store.setStep(step.id, 'done');
          store.data.facts = ctx.facts;
          await store.save();
        },
      };
      return task.newListr([...step.tasks(ctx).map((t) => withRedactedErrors(t, ctx)), finish], { concurrent: false, exitOnError: true });
    },
  };
}

export async function runSteps(options: RunOptions): Promise<RunOutcome> {
  const verified: Record<string, CheckResult[]> = {};
  const current: { id?: string } = {};
  const skipped: SkippedStep[] = [];
  // listr2's option types tie the renderer to its options; the renderer is
  // chosen at run time (Ink bridge, default, or simple without a TTY).
  const listOptions = {
    concurrent: false,
    exitOnError: true,
    ctx: options.ctx,
    renderer: options.renderer ?? 'simple',
    rendererOptions: options.rendererOptions,
    collectErrors: false,
  } as never;
  const list = new Listr<StepContext>(
    options.steps.map((step) => stepTask(step, options, verified, current, skipped)),
    listOptions,
  );
  try {
    await list.run();
    return { ok: true, verified, skipped };
  } catch (error) {
    redactError(error, options.ctx);
    const failedStep = current.id;
    // The whole message goes to the log: a screen shows only its start.
    options.ctx.log(`step ${failedStep ?? '(before the first step)'} failed: ${(error as Error).message}`);
    if (failedStep && !options.ctx.dryRun) {
      await options.store.setStep(failedStep, 'failed', firstLine((error as Error).message));
    }
    const failedSkippable = options.steps.find((s) => s.id === failedStep)?.skippable;
    return { ok: false, failedStep, error: error as Error, verified, skipped, ...(failedSkippable ? { failedSkippable } : {}) };
  }
}

/**
 * A tool's error may quote a secret (a provider echoing the token it
 * refused): mask every secret of the run before listr2 prints the message
 * and before it is saved in the state file.
 */
function redactError(error: unknown, ctx: StepContext): void {
  if (error instanceof Error) error.message = redact(error.message, secretValues(ctx.secrets));
}

function withRedactedErrors(t: ListrTask<StepContext>, ctx: StepContext): ListrTask<StepContext> {
  const run = t.task;
  return {
    ...t,
    task: async (c, task) => {
      try {
        return await run(c, task);
      } catch (error) {
        redactError(error, ctx);
        throw error;
      }
    },
  };
}

const firstLine = (text: string) => text.split('\n')[0]!.slice(0, 300);
