// How a task tells the user what it did: "already done" when the probe found
// the server as wanted (nothing changed), otherwise what changed. Keeping the
// wording in one place makes a rerun read the same in every step.
import type { ListrTaskWrapper } from 'listr2';

// listr2's wrapper type carries renderer generics the tasks never look at.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Task = ListrTaskWrapper<any, any, any>;

export function alreadyDone(task: Task, detail?: string): void {
  task.skip(detail ? `already done: ${detail}` : 'already done');
}

export function changed(task: Task, detail: string): void {
  task.title = `${task.title}: ${detail}`;
}

/** Result of a probe-then-change helper, so callers can report either way. */
export interface Outcome {
  changed: boolean;
  detail: string;
}

export function report(task: Task, outcome: Outcome): void {
  if (outcome.changed) changed(task, outcome.detail);
  else alreadyDone(task, outcome.detail);
}
