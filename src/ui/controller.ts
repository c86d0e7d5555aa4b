// What the wizard's screens may ask of the rest of mailsetup. The UI does no
// remote I/O itself: the controller (src/cli/wizard-mode.ts) connects, runs
// the steps and the checks, and reports back through these callbacks.
import type { CheckResult } from '../checks/types.js';
import type { ConnectIo } from '../session/session.js';
import type { Answers } from '../state/answers.js';
import type { Secrets } from '../state/secrets.js';
import type { ChangeRequest } from '../day2/change-request.js';
import type { Tone } from '../day2/paint.js';
import type { StepUi } from '../tasks/types.js';
import type { StepReview } from '../tasks/plan-summary.js';
import type { TaskSnapshot } from './listr-bridge.js';

/** What the run may ask the person: the SSH questions, and the DNS records screen before publishing. */
export type WizardIo = ConnectIo & StepUi;

export interface ResumeInfo {
  host: string;
  steps: { id: string; title: string; status: string }[];
  /** The server's OS as the last run found it (the chasquid screen names its package). */
  os?: { id: string; versionId: string };
}

export interface RunReport {
  ok: boolean;
  failedStep?: string;
  /** The failed step may be skipped (nothing later needs it): what skipping leaves undone. */
  failedSkippable?: string;
  /** Steps skipped at the user's request, and what each leaves undone. */
  skipped?: { title: string; leaves: string }[];
  error?: string;
  checks: CheckResult[];
  /** The domain's records as a table and as a BIND zone snippet. */
  recordsTable: string;
  zoneSnippet: string;
  /** The PTR value each server IP must carry. */
  ptr: { ip: string; value: string }[];
  /** One line on the automatic proof of the test mail (DKIM pass, ...). */
  proof?: string;
  recheckCommand: string;
  stateFile: string;
  logFile?: string;
  backupDir?: string;
  target: string;
}

/** A day-two change, planned on the server and waiting for the person's yes. */
export interface PreparedChange {
  /** What it will do: the same lines the command prints before asking. */
  plan: string[];
  /** The command line that does the same. */
  command: string;
  /** Set when there is nothing to do, saying why. */
  nothing?: string;
  /** Make the change, narrating it line by line, then run its checks; the connection closes after. */
  run(onLine: (line: { text: string; tone: Tone }) => void): Promise<ChangeReport>;
  /** Close the connection without changing anything. */
  cancel(): Promise<void>;
}

export interface ChangeReport {
  ok: boolean;
  /** Why the change stopped, when it did. */
  error?: string;
  checks: CheckResult[];
  /** A password made up for a sender: shown once, kept nowhere. */
  shownOnce?: string;
  domain: string;
  hostname: string;
  /** The answers saved for the host after the change (a new sender, forward-to mailbox, host name): the screens start from them again. */
  answers?: Answers;
}

/** The setup run, connected and planned by a dry run, waiting for the person's Start. */
export interface PreparedRun {
  /** user@host:port */
  target: string;
  /** The host key's fingerprint, as verified when connecting. */
  hostKey?: string;
  /** What each step will change on this server; empty: nothing to change. */
  steps: StepReview[];
  /** The exact commands and writes, as `mailsetup --dry-run` prints them (server text made inert). */
  commands: string[];
  /** Run the steps over the same connection; it closes after. */
  start(input: { recheck: boolean; startOver: boolean; skip?: string[]; onTree: (tree: TaskSnapshot[]) => void }): Promise<RunReport>;
  /** Close the connection; nothing was changed. */
  cancel(): Promise<void>;
}

export interface WizardController {
  /** Connect (the host key confirmed first) and plan the run without changing anything; a failed connect comes back as a report. */
  review(input: { answers: Answers; secrets: Secrets; io: WizardIo }): Promise<PreparedRun | { failed: RunReport }>;
  /** Connect and plan a day-two change (nothing changes yet). Throws with the reason when it cannot be made. */
  prepareChange(input: { answers: Answers; secrets: Secrets; io: ConnectIo; change: ChangeRequest }): Promise<PreparedChange>;
  /** The server's status summary and its latest mail log lines, trouble explained (day two). */
  status(input: { answers: Answers; secrets: Secrets; io: ConnectIo }): Promise<string[]>;
  /** Saved progress for the host the answers name, if any. */
  resumeInfo(answers: Answers): Promise<ResumeInfo | null>;
  run(input: {
    answers: Answers;
    secrets: Secrets;
    recheck: boolean;
    startOver: boolean;
    /** Failed steps the user chose to skip (only skippable ones are). */
    skip?: string[];
    io: WizardIo;
    onTree: (tree: TaskSnapshot[]) => void;
  }): Promise<RunReport>;
}
