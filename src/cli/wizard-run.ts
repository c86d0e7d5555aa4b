// The wizard's setup run, in two halves that share one SSH session: open it
// (a failed connect becomes the Failed screen's report), and run the steps
// over it. The Review screen sits between the two, so the connection that
// planned the run is the one that makes it.
import { openSession, type Session } from '../session/session.js';
import type { RunInput } from '../session/run-input.js';
import { StateStore } from '../state/store.js';
import type { Answers } from '../state/answers.js';
import type { Secrets } from '../state/secrets.js';
import type { RunReport, WizardIo } from '../ui/controller.js';
import type { TaskSnapshot } from '../ui/listr-bridge.js';
import { bridgeRenderer } from '../ui/listr-bridge.js';
import type { Step } from '../tasks/types.js';

export interface RunTarget {
  answers: Answers;
  secrets: Secrets;
  io: WizardIo;
  stateDir: string;
  input: RunInput | null;
  lab: boolean;
}

const recheckCommand = (t: RunTarget) => (t.lab ? 'mailsetup --lab --check' : `mailsetup --check --host ${t.answers.host.user}@${t.answers.host.address}`);

/**
 * Connect (the host key is confirmed here, before any command). `planOnly`:
 * the answers are not saved yet, since the person may still go back and change them.
 */
export async function openRun(t: RunTarget, planOnly = false): Promise<{ session: Session } | { failed: RunReport }> {
  const { answers, secrets, io, stateDir, input } = t;
  try {
    const session = await openSession({
      answers,
      secrets,
      stateDir,
      resolver: input?.resolver,
      caFile: input?.caFile,
      knownHostsFile: input?.knownHostsFile,
      io,
      ui: { reviewRecords: io.reviewRecords },
      dryRun: planOnly,
    });
    return { session };
  } catch (error) {
    return { failed: stoppedBefore(t, 'connect', error) };
  }
}

/** The report of a run that stopped before its first step (connecting, planning): the Failed screen shows why. */
export function stoppedBefore(t: RunTarget, step: string, error: unknown): RunReport {
  const { host } = t.answers;
  return {
    ok: false,
    failedStep: step,
    error: (error as Error).message,
    checks: [],
    recordsTable: '',
    zoneSnippet: '',
    ptr: [],
    recheckCommand: recheckCommand(t),
    stateFile: StateStore.fileFor(t.stateDir, host.user, host.address, host.port),
    target: `${host.user}@${host.address}`,
  };
}

export interface RunChoice {
  recheck: boolean;
  startOver: boolean;
  skip?: string[];
  onTree: (tree: TaskSnapshot[]) => void;
}

/** Run the steps over the session's connection and report; the session is closed after. */
export async function runIn(session: Session, steps: Step[], t: RunTarget, choice: RunChoice): Promise<RunReport> {
  try {
    // A session opened for the review saved nothing: the answers are saved now that the run starts.
    if (session.ctx.dryRun) await session.store.setAnswers(t.answers);
    const ctx = { ...session.ctx, dryRun: false };
    if (choice.startOver) await session.store.reset();
    const { runSteps } = await import('../tasks/runner.js');
    const outcome = await runSteps({ steps, ctx, store: session.store, recheck: choice.recheck, skip: choice.skip, renderer: bridgeRenderer(choice.onTree) as never });
    const { resultFacts } = await import('./result-facts.js');
    return {
      ok: outcome.ok,
      failedStep: outcome.failedStep,
      failedSkippable: outcome.failedSkippable,
      skipped: outcome.skipped.map(({ title, leaves }) => ({ title, leaves })),
      error: outcome.error?.message,
      ...(await resultFacts({ ...session, ctx }, t.input)),
      recheckCommand: recheckCommand(t),
      stateFile: session.store.file,
      logFile: session.logger.file ?? undefined,
      target: session.remote.target,
    };
  } finally {
    await session.close();
  }
}
