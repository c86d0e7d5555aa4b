// The step model. A step is data plus small functions; the wizard, resume,
// `--dry-run` and `--check` all walk the same ordered list (steps.ts), so a
// new guide step is one new file added to that list. The runner starts a
// step once the steps it `needs` are through, so independent ones run side
// by side over the one SSH connection (schedule.ts).
import type { ListrTask } from 'listr2';
import type { CheckResult } from '../checks/types.js';
import type { RecordChange } from '../dns/providers/types.js';
import type { DnsRecord } from '../dns/types.js';
import type { Remote } from '../remote/types.js';
import type { Answers } from '../state/answers.js';
import type { Secrets } from '../state/secrets.js';
import type { Facts } from '../state/store.js';

export interface StepContext {
  remote: Remote;
  answers: Answers;
  /** In memory only; never saved. */
  secrets: Secrets;
  /** Learned from the server by earlier steps; saved in the state file. */
  facts: Facts;
  dryRun: boolean;
  /** DNS server for checks, IP[:port]; default: the domain's authoritative servers. */
  resolver?: string;
  /** Extra CA (PEM file on this computer) trusted when checking the server's TLS: a private ACME server's, like the lab's Pebble. */
  caFile?: string;
  /** Lines for mailsetup's log file (already redacted by the logger). */
  log: (line: string) => void;
  /** The wizard's screens, when a person is watching; absent in unattended runs, which never wait for a key. */
  ui?: StepUi;
  /** Ids of the steps this run will run (set by the runner): a step may prepare for a later one (the restart step for the test mail). */
  runs?: ReadonlySet<string>;
}

/** The records the DNS step is about to publish (or have the user add), before it does. */
export interface RecordsReview {
  domain: string;
  provider: 'manual' | 'rfc2136';
  /** Every record the server needs: the zone's, the reverse (PTR) and other domains'. */
  records: DnsRecord[];
  /** The zone's records against what DNS holds now: add, replace or keep. */
  changes: RecordChange[];
}

export interface StepUi {
  /** Show the records (table and zone snippet) and resolve when the user goes on ("I added them" / "Publish"). */
  reviewRecords?: (review: RecordsReview) => Promise<void>;
}

export interface Step {
  id: string;
  title: string;
  /** One line shown on the step's screen: why this step matters. */
  why: string;
  /** Answer keys (schema paths) this step reads, so the wizard knows what to ask first. */
  reads: string[];
  /**
   * Ids of earlier steps this one must wait for (their work, their facts).
   * Left out: the step waits for every step before it in the list, the safe
   * default for a step whose inputs nobody has listed. An empty list: it
   * waits for nothing.
   */
  needs?: string[];
  /**
   * Set only for a step no later step depends on: what skipping it after a
   * failure leaves undone (shown on the summary). Unset: the step cannot be skipped.
   */
  skippable?: string;
  /**
   * The id of an earlier step this one finishes: skipped with it when the
   * user skips that step in a run (its own work would fail without it).
   */
  follows?: string;
  /** False when the user's answers make the step unnecessary (e.g. receiving with an existing provider). */
  enabled?: (ctx: StepContext) => boolean;
  /** The remote work, as listr2 tasks; each probes first and changes only what differs. */
  tasks: (ctx: StepContext) => ListrTask<StepContext>[];
  /** The same checks `mailsetup --check` runs for this part of the server. */
  verify: (ctx: StepContext) => Promise<CheckResult[]>;
}
