// A day-two change in three parts that the command line and the wizard both
// drive: the plan (what it will do, in words, shown before asking), the work
// (narrated line by line) and the checks that prove it. Neither part writes
// to the terminal or reads from it: the caller decides how lines are shown
// and how the confirmation is asked.
import { exitCode } from '../checks/report.js';
import type { CheckResult } from '../checks/types.js';
import type { Tone } from './paint.js';

/** One narrated line; `tone` colours it on a terminal (and in the wizard). */
export type Say = (line: string, tone?: Tone) => void;

export interface ChangeOutcome {
  checks: CheckResult[];
  /** A password made up here: shown this once, kept nowhere. */
  shownOnce?: string;
  /** False when the change itself did not take (e.g. the certificate stayed the same), whatever the checks say. */
  took?: boolean;
}

export interface PlannedChange {
  /** The lines shown before asking. */
  plan: string[];
  /** Set when there is nothing to do, saying why; then nothing is asked or run. */
  nothing?: string;
  /** Run after the plan is shown and before the question (the command line asks the new password here). */
  beforeConfirm?: () => Promise<void>;
  apply(say: Say): Promise<ChangeOutcome>;
}

export const SHOWN_ONCE = 'Its password (shown this once; mailsetup keeps no copy):';

/** 0 when the change took and every check passed, 1 otherwise: the command's exit code. */
export const changeExitCode = (o: ChangeOutcome): number => (o.took === false ? 1 : exitCode(o.checks) === 0 ? 0 : 1);
