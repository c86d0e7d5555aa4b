// Which steps a step waits for. A step lists the earlier steps it needs
// (`needs`); one that lists nothing waits for every step before it, so a
// step added without thought for the order runs exactly where it stands in
// the list. Only steps of the run count: a step run alone (a day-two change,
// the dry run's one-step plans) waits for nothing.
import type { Step } from './types.js';

export class StepOrderError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StepOrderError';
  }
}

/** Each step's id -> the ids of the steps of `steps` it waits for, in list order. */
export function waitsFor(steps: Step[]): Map<string, string[]> {
  const out = new Map<string, string[]>();
  const seen: string[] = [];
  const all = new Set(steps.map((s) => s.id));
  for (const step of steps) {
    if (out.has(step.id)) throw new StepOrderError(`two steps have the id "${step.id}"`);
    if (step.needs === undefined) {
      out.set(step.id, [...seen]);
    } else {
      for (const id of step.needs) {
        // A later step, or itself: the run could never start it.
        if (all.has(id) && !seen.includes(id)) {
          throw new StepOrderError(`step "${step.id}" needs "${id}", which comes after it in the list: move "${id}" before it`);
        }
      }
      out.set(step.id, seen.filter((id) => step.needs!.includes(id)));
    }
    seen.push(step.id);
  }
  return out;
}

/** The ids in `needs` that name no step of `known`: a typo, or an answer key in the wrong field. */
export function unknownNeeds(steps: Step[], known: Step[] = steps): string[] {
  const ids = new Set(known.map((s) => s.id));
  return steps.flatMap((s) => (s.needs ?? []).filter((id) => !ids.has(id)).map((id) => `${s.id} needs ${id}`));
}

/**
 * The steps in the order they can start one after another (list order: every
 * step's needs come before it), with, for each, the steps it waits for that
 * are not already implied by one of the others: what the task tree shows as
 * "after ...".
 */
export function directWaits(steps: Step[]): Map<string, string[]> {
  const waits = waitsFor(steps);
  const closure = new Map<string, Set<string>>();
  for (const step of steps) {
    const all = new Set<string>();
    for (const id of waits.get(step.id)!) {
      all.add(id);
      for (const deeper of closure.get(id)!) all.add(deeper);
    }
    closure.set(step.id, all);
  }
  const out = new Map<string, string[]>();
  for (const step of steps) {
    const own = waits.get(step.id)!;
    out.set(step.id, own.filter((id) => !own.some((other) => other !== id && closure.get(other)!.has(id))));
  }
  return out;
}
