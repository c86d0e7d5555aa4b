// Running mailsetup itself (CLI_ENTRY: the installed package) unattended against a lab VPS from an
// answers file written from the lab's own answers, with the secrets a test
// chooses. The child runs with a home of its own, so nothing of this
// machine's ~/.ssh or agent is involved.
import { execa, type ResultPromise } from 'execa';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { LabTarget } from '../../helpers/provision.js';
import type { Answers } from '../../../src/state/answers.js';
import type { Secrets } from '../../../src/state/secrets.js';
import type { StateData } from '../../../src/state/store.js';
import { CLI_ENTRY } from '../../helpers/cli-entry.js';

export const CLI = CLI_ENTRY;
export const haveCli = (): boolean => existsSync(CLI);

/** The answers file for a lab run: the lab's answers, with changes, plus the secrets in its secrets: section. */
export function writeLabAnswers(file: string, target: LabTarget, change: (a: Answers, s: Secrets) => void = () => undefined): void {
  const answers = structuredClone(target.run.answers);
  const secrets = structuredClone(target.run.secrets);
  change(answers, secrets);
  const doc = {
    ...answers,
    secrets: {
      senders: secrets.senderPasswords,
      dnsCredentials: secrets.dnsCredentials,
      ...(secrets.tsigSecret ? { tsigSecret: secrets.tsigSecret } : {}),
    },
  };
  // JSON is YAML, and writes every character of a hostile secret as an escape.
  writeFileSync(file, JSON.stringify(doc, null, 2), { mode: 0o600 });
}

export interface CliRunOptions {
  answersFile: string;
  stateDir: string;
  target: LabTarget;
  extraArgs?: string[];
  env?: Record<string, string>;
  timeoutMs?: number;
}

/** Start `mailsetup --answers FILE --yes` (not awaited: tests may act on the server meanwhile). */
export function startCliRun(o: CliRunOptions): ResultPromise<{ reject: false; all: true }> {
  const home = join(o.stateDir, '..', 'home');
  mkdirSync(home, { recursive: true });
  return execa(
    'node',
    [CLI, '--answers', o.answersFile, '--yes', '--state-dir', o.stateDir, '--resolver', o.target.run.resolver, '--ca-file', o.target.run.caFile, ...(o.extraArgs ?? [])],
    {
      reject: false,
      all: true,
      env: { HOME: home, SSH_AUTH_SOCK: '', PATH: process.env.PATH ?? '', CI: '1', ...(o.env ?? {}) },
      extendEnv: false,
      timeout: o.timeoutMs ?? 600_000,
    },
  ) as ResultPromise<{ reject: false; all: true }>;
}

/** The state file a run left in its state dir. JSON.parse throws on a torn file: the point of the atomic write. */
export function readRunState(stateDir: string): StateData {
  const dir = join(stateDir, 'hosts');
  const [file] = readdirSync(dir).filter((f) => f.endsWith('.json'));
  return JSON.parse(readFileSync(join(dir, file!), 'utf8')) as StateData;
}
