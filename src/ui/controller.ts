// What the wizard's screens may ask of the rest of mailsetup. The UI does no
// remote I/O itself: the controller (src/cli/wizard-mode.ts) connects, runs
// the steps and the checks, and reports back through these callbacks.
import type { CheckResult } from '../checks/types.js';
import type { ConnectIo } from '../remote/connect.js';
import type { Answers } from '../state/answers.js';
import type { Secrets } from '../state/secrets.js';
import type { TaskSnapshot } from './listr-bridge.js';

export interface ResumeInfo {
  host: string;
  steps: { id: string; title: string; status: string }[];
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

export interface WizardController {
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
    io: ConnectIo;
    onTree: (tree: TaskSnapshot[]) => void;
  }): Promise<RunReport>;
}
