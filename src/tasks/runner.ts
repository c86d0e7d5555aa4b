// Runs the steps as one listr2 tree over one SSH connection, each as soon as
// the steps it needs are through (schedule.ts), so independent ones run side
// by side; with resume: a step recorded as done is verified and skipped when
// its checks still pass; an interrupted or failed one is run again (steps
// are idempotent, so redoing part of one is safe).
import { Listr, ListrTaskEventType, ListrTaskState, type ListrRendererValue, type ListrTask } from 'listr2';
import type { CheckResult } from '../checks/types.js';
import { redact } from '../remote/redact.js';
import { secretValues } from '../state/secrets.js';
import type { StateStore } from '../state/store.js';
import { directWaits, waitsFor } from './schedule.js';
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

/** How each step of a run ended, for the steps that wait on it; and the run's failures in the order they happened. */
class RunBook {
  private readonly ends = new Map<string, { promise: Promise<boolean>; resolve: (through: boolean) => void }>();
  /** Set once a step has ended: true through, false not. */
  readonly ended = new Map<string, boolean>();
  readonly failed: { id: string; error: Error }[] = [];

  constructor(ids: string[]) {
    for (const id of ids) {
      let resolve!: (through: boolean) => void;
      const promise = new Promise<boolean>((r) => (resolve = r));
      this.ends.set(id, { promise, resolve });
    }
  }

  /** True once the step is through (done, verified, or skipped); false when it failed or never started. */
  end(id: string): Promise<boolean> {
    return this.ends.get(id)!.promise;
  }

  through(id: string): void {
    if (!this.ended.has(id)) this.ended.set(id, true);
    this.ends.get(id)!.resolve(true);
  }

  notThrough(id: string): void {
    if (!this.ended.has(id)) this.ended.set(id, false);
    this.ends.get(id)!.resolve(false);
  }

  fail(id: string, error: Error): void {
    if (!this.failed.some((f) => f.id === id)) this.failed.push({ id, error });
    this.notThrough(id);
  }
}

const titleOf = (steps: Step[], id: string) => steps.find((s) => s.id === id)?.title ?? id;

/**
 * Wait for the steps `step` needs, shown as waiting (not running) meanwhile.
 * Returns why it must not start: one of them did not get through, or
 * another step failed meanwhile (a run starts no step after its first failure).
 */
async function waitForNeeds(step: Step, options: RunOptions, book: RunBook, task: Wrapper): Promise<string | undefined> {
  const own = waitsFor(options.steps).get(step.id) ?? [];
  if (own.some((id) => !book.ended.has(id))) {
    const shown = directWaits(options.steps).get(step.id) ?? [];
    task.task.state$ = ListrTaskState.WAITING;
    task.output = `after ${shown.map((id) => titleOf(options.steps, id)).join(', ')}`;
    await Promise.all(own.map((id) => book.end(id)));
    task.output = '';
    task.task.state$ = ListrTaskState.STARTED;
  }
  const missing = own.find((id) => book.ended.get(id) === false);
  if (missing) return `not started: ${titleOf(options.steps, missing)} did not finish`;
  if (book.failed.length) return `not started: ${titleOf(options.steps, book.failed[0]!.id)} failed`;
  return undefined;
}

type Wrapper = Parameters<NonNullable<ListrTask<StepContext>['task']>>[1];

function stepTask(step: Step, options: RunOptions, book: RunBook, verified: Record<string, CheckResult[]>, skipped: SkippedStep[]): ListrTask<StepContext> {
  const { store, ctx } = options;
  return {
    title: step.title,
    task: async (_, task) => {
      // A step that fails in a way no subtask reported still releases the steps waiting on it.
      task.task.on(ListrTaskEventType.STATE, (state) => {
        if (state === ListrTaskState.FAILED) book.notThrough(step.id);
      });
      try {
        const notStarted = await waitForNeeds(step, options, book, task);
        if (notStarted) {
          book.notThrough(step.id);
          task.skip(`${step.title}: ${notStarted}`);
          return;
        }
        if (step.enabled && !step.enabled(ctx)) {
          book.through(step.id);
          task.skip(`${step.title}: not needed with your answers`);
          return;
        }
        const skipRequested = options.skip?.includes(step.id) || (step.follows !== undefined && options.skip?.includes(step.follows));
        if (step.skippable && skipRequested) {
          if (!ctx.dryRun) await store.setStep(step.id, 'skipped', step.skippable);
          skipped.push({ id: step.id, title: step.title, leaves: step.skippable });
          book.through(step.id);
          task.skip(`${step.title}: skipped (${step.skippable})`);
          return;
        }
        if (!ctx.dryRun && !options.recheck && store.status(step.id) === 'done') {
          const results = await step.verify(ctx);
          verified[step.id] = results;
          if (failures(results).length === 0) {
            book.through(step.id);
            task.skip(`${step.title}: already done (verified)`);
            return;
          }
          task.output = 'was done, but its checks fail now: running it again';
        }
        if (!ctx.dryRun) await store.setStep(step.id, 'running');
        const finish: ListrTask<StepContext> = {
          title: ctx.dryRun ? 'Verify (skipped in a dry run)' : 'Verify',
          task: async () => {
            if (!ctx.dryRun) {
              const results = await step.verify(ctx);
              verified[step.id] = results;
              const failed = failures(results);
              if (failed.length) throw new StepVerifyError(step.id, failed);
              await store.setStep(step.id, 'done');
              store.data.facts = ctx.facts;
              await store.save();
            }
            book.through(step.id);
          },
        };
        const subtasks = [...step.tasks(ctx), finish].map((t) => recorded(t, step.id, ctx, book));
        return task.newListr(subtasks, { concurrent: false, exitOnError: true });
      } catch (error) {
        redactError(error, ctx);
        book.fail(step.id, error as Error);
        throw error;
      }
    },
  };
}

export async function runSteps(options: RunOptions): Promise<RunOutcome> {
  const verified: Record<string, CheckResult[]> = {};
  const skipped: SkippedStep[] = [];
  const book = new RunBook(options.steps.map((s) => s.id));
  // Every step is started at once and waits for what it needs (schedule.ts);
  // a failed step stops no step already running (each ends cleanly, its
  // state saved) but keeps the others from starting.
  // listr2's option types tie the renderer to its options; the renderer is
  // chosen at run time (Ink bridge, default, or simple without a TTY).
  const listOptions = {
    concurrent: true,
    exitOnError: false,
    ctx: options.ctx,
    renderer: options.renderer ?? 'simple',
    rendererOptions: options.rendererOptions,
    collectErrors: false,
  } as never;
  let thrown: unknown;
  // A dry run's one-step plans keep the whole run's list (plan.ts).
  const runsBefore = options.ctx.runs;
  options.ctx.runs ??= new Set(options.steps.map((s) => s.id).filter((id) => !options.skip?.includes(id)));
  try {
    waitsFor(options.steps);
    const list = new Listr<StepContext>(
      options.steps.map((step) => stepTask(step, options, book, verified, skipped)),
      listOptions,
    );
    await list.run();
  } catch (error) {
    thrown = error;
  } finally {
    if (!runsBefore) delete options.ctx.runs;
  }
  const inOrder = (record: Record<string, CheckResult[]>) =>
    Object.fromEntries(options.steps.filter((s) => record[s.id]).map((s) => [s.id, record[s.id]!]));
  const skippedInOrder = options.steps.flatMap((s) => skipped.filter((k) => k.id === s.id));
  const first = book.failed[0];
  if (!first && thrown === undefined) return { ok: true, verified: inOrder(verified), skipped: skippedInOrder };
  const error = (first?.error ?? thrown) as Error;
  redactError(error, options.ctx);
  for (const f of book.failed) {
    // The whole message goes to the log: a screen shows only its start.
    options.ctx.log(`step ${f.id} failed: ${f.error.message}`);
    if (!options.ctx.dryRun) await options.store.setStep(f.id, 'failed', firstLine(f.error.message));
  }
  if (!first) options.ctx.log(`step (before the first step) failed: ${error.message}`);
  const failedStep = first?.id;
  const failedSkippable = options.steps.find((s) => s.id === failedStep)?.skippable;
  return { ok: false, failedStep, error, verified: inOrder(verified), skipped: skippedInOrder, ...(failedSkippable ? { failedSkippable } : {}) };
}

/**
 * A tool's error may quote a secret (a provider echoing the token it
 * refused): mask every secret of the run before listr2 prints the message
 * and before it is saved in the state file.
 */
function redactError(error: unknown, ctx: StepContext): void {
  if (error instanceof Error) error.message = redact(error.message, secretValues(ctx.secrets));
}

/** A subtask whose error is masked (redactError) and recorded as its step's failure before listr2 sees it. */
function recorded(t: ListrTask<StepContext>, stepId: string, ctx: StepContext, book: RunBook): ListrTask<StepContext> {
  const run = t.task;
  return {
    ...t,
    task: async (c, task) => {
      try {
        return await run(c, task);
      } catch (error) {
        redactError(error, ctx);
        book.fail(stepId, error as Error);
        throw error;
      }
    },
  };
}

const firstLine = (text: string) => text.split('\n')[0]!.slice(0, 300);
