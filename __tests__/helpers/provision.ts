// Provision a lab VPS with mailsetup's own steps, the way a user's run would:
// one SSH connection (host key pinned from the lab), answers and secrets
// from the lab, runSteps with a state file of its own. Other test files use
// it to get a fully set-up server (e.g. the checks' end-to-end tests).
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readLabInfo } from '../../src/lab/index.js';
import type { LabInfo, LabOs, LabVps } from '../../src/lab/types.js';
import { labRun, type LabRun } from '../../src/lab/wizard-answers.js';
import { connect } from '../../src/remote/connect.js';
import { DryRunRemote } from '../../src/remote/dry-run.js';
import type { Remote } from '../../src/remote/types.js';
import { StateStore } from '../../src/state/store.js';
import { runSteps, type RunOutcome } from '../../src/tasks/runner.js';
import { steps as allSteps } from '../../src/tasks/steps.js';
import type { Step, StepContext } from '../../src/tasks/types.js';

export interface LabTarget {
  info: LabInfo;
  os: LabOs;
  vps: LabVps;
  run: LabRun;
}

/** Whether the lab can run here at all: root on Linux, and not turned off with MAILSETUP_LAB=off. */
export const labCanRunHere = process.platform === 'linux' && process.getuid?.() === 0 && process.env.MAILSETUP_LAB !== 'off';

/** The lab's description for one OS, or null when the lab (or that VPS) is not up. */
export async function labTarget(os: LabOs): Promise<LabTarget | null> {
  // MAILSETUP_LAB=off means no lab at all, not "whichever lab happens to be up" (it may be another run's).
  if (!labCanRunHere) return null;
  const info = await readLabInfo();
  const vps = info?.vps[os];
  if (!info || !vps) {
    // Where the lab can run, a missing VPS is a failure: a lab test must not pass by doing nothing.
    if (labCanRunHere) throw new Error(`the lab's ${os} VPS is not up: the jest global setup brings it up (or run \`mailsetup lab up\`)`);
    return null;
  }
  return { info, os, vps, run: await labRun(info, os) };
}

export async function connectLab(target: LabTarget, stateDir: string): Promise<Remote> {
  const { vps } = target;
  return connect({
    host: vps.ssh.host,
    port: vps.ssh.port,
    user: vps.ssh.user,
    identityFile: vps.ssh.keyFile,
    knownHostsFile: join(stateDir, 'known_hosts'),
    pinnedFingerprint: vps.ssh.hostKeyFingerprint,
    assumeYes: true,
    agentSocket: null,
    sshConfigFile: '/dev/null',
    userKnownHostsFile: '/dev/null',
  });
}

export interface Provisioned {
  target: LabTarget;
  ctx: StepContext;
  store: StateStore;
  outcome: RunOutcome;
  /** Wall time of runSteps alone. */
  ms: number;
  log: string[];
  stateDir: string;
  /** Seconds each step took, from the state file's timestamps (a skipped step shows ~0). */
  stepSeconds: Record<string, number>;
  /** Set with options.dryRun: what would have been run or written. */
  dryRun?: DryRunRemote;
}

export interface ProvisionOptions {
  steps?: Step[];
  /** Reuse a state dir (a second run resumes from its state file). */
  stateDir?: string;
  /** Keep the connection open (ctx.remote) for more checks; the caller closes it. */
  keepOpen?: boolean;
  /** Changes to the lab answers (wrong-input tests). */
  adjust?: (ctx: StepContext) => void;
  recheck?: boolean;
  /** --dry-run: the steps run against a DryRunRemote wrapping the real connection; see `dryRun` in the result. */
  dryRun?: boolean;
}

export async function provision(target: LabTarget, options: ProvisionOptions = {}): Promise<Provisioned> {
  const stateDir = options.stateDir ?? (await mkdtemp(join(tmpdir(), 'mailsetup-provision-')));
  const real = await connectLab(target, stateDir);
  const dryRun = options.dryRun ? new DryRunRemote(real) : undefined;
  const remote: Remote = dryRun ?? real;
  const { answers, secrets, resolver, caFile } = target.run;
  const store = await StateStore.open(stateDir, answers.host.user, answers.host.address, answers.host.port);
  const log: string[] = [];
  const ctx: StepContext = {
    remote,
    answers: structuredClone(answers),
    secrets: structuredClone(secrets),
    facts: structuredClone(store.data.facts),
    dryRun: Boolean(options.dryRun),
    resolver,
    // Pebble's CA: the steps' TLS checks and the test mail trust the lab's certificates through it.
    caFile,
    log: (line) => log.push(line),
  };
  options.adjust?.(ctx);
  const t0 = Date.now();
  try {
    const outcome = await runSteps({ steps: options.steps ?? allSteps, ctx, store, renderer: 'silent', recheck: options.recheck });
    let last = t0;
    const stepSeconds: Record<string, number> = {};
    for (const [id, record] of Object.entries(store.data.steps)) {
      const at = Date.parse(record.updatedAt);
      if (at >= t0) stepSeconds[id] = Math.round((at - last) / 100) / 10;
      last = Math.max(last, at);
    }
    return { target, ctx, store, outcome, ms: Date.now() - t0, log, stateDir, dryRun, stepSeconds };
  } finally {
    if (!options.keepOpen) await remote.close();
  }
}
