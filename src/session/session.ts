// One run's session: the answers and secrets, the state file of the host,
// the log file, and THE SSH connection that every step reuses.
import { join } from 'node:path';
import type { ConnectIo, SecretKind } from '../remote/connect.js';
import { LoggedRemote } from '../remote/logged.js';
import type { Remote } from '../remote/types.js';
import type { Answers } from '../state/answers.js';
import { createLogger, type Logger } from '../state/logger.js';
import { defaultStateDir } from '../state/paths.js';
import { secretValues, type Secrets } from '../state/secrets.js';
import { validateSecret } from '../state/validate.js';
import { StateStore } from '../state/store.js';
import type { StepContext, StepUi } from '../tasks/types.js';

/** What connecting asks a person (a new host key, a passphrase): the wizard's screens and the terminal both answer it. */
export type { ConnectIo };

export interface SessionInput {
  answers: Answers;
  secrets: Secrets;
  stateDir?: string;
  resolver?: string;
  /** CA file trusted beside the system's roots when the test mail checks TLS (a private ACME CA: the lab's Pebble). */
  caFile?: string;
  /** Default: known_hosts in the state dir. */
  knownHostsFile?: string;
  dryRun?: boolean;
  /** How to ask the user; unattended runs use `unattendedIo`. */
  io: ConnectIo;
  /** The wizard's screens for the steps (the DNS records before publishing); only the wizard's setup run gives them, so nothing else waits for a key. */
  ui?: StepUi;
}

export interface Session {
  remote: Remote;
  store: StateStore;
  logger: Logger;
  ctx: StepContext;
  stateDir: string;
  /** The server's host key fingerprint as verified when connecting (SHA256:…). */
  hostKey?: string;
  close(): Promise<void>;
}

/**
 * Unattended runs never ask: a host key is accepted only when it equals the
 * pinned one, and secrets come from the answers file or the environment.
 */
export function unattendedIo(answers: Answers, secrets: Secrets): ConnectIo {
  return {
    async confirmHostKey(fingerprint, host) {
      if (answers.host.hostKeyFingerprint && fingerprint === answers.host.hostKeyFingerprint) return true;
      throw new Error(
        `the host key of ${host} is not known yet (${fingerprint}). Check it on the server with \`ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key.pub\`, ` +
          'then pin it in the answers file as host.hostKeyFingerprint, or run without --yes to confirm it.',
      );
    },
    async askSecret(prompt, kind) {
      const given = { sudo: secrets.sudoPassword, passphrase: secrets.keyPassphrase, password: secrets.sshPassword }[kind];
      if (given) return given;
      throw new Error(`${prompt.replace(/:$/, '')} is needed: set it in the answers file's secrets: section or in the environment (see \`mailsetup --help\`)`);
    },
  };
}

const SECRET_FIELD: Record<SecretKind, 'sshPassword' | 'keyPassphrase' | 'sudoPassword'> = {
  password: 'sshPassword',
  passphrase: 'keyPassphrase',
  sudo: 'sudoPassword',
};

/**
 * A secret typed at a prompt is held like one from the answers file: one
 * line without NUL, masked in the log from the moment it is typed, and kept
 * with the run's secrets so a failing step's error is masked too.
 */
export function rememberTypedSecrets(io: ConnectIo, secrets: Secrets, logger: Pick<Logger, 'addSecret'>): ConnectIo {
  return {
    ...io,
    async askSecret(prompt, kind) {
      const value = await io.askSecret(prompt, kind);
      const problem = validateSecret(value);
      if (problem) throw new Error(`the ${kind === 'sudo' ? 'sudo password' : kind} you typed ${problem}`);
      logger.addSecret(value);
      secrets[SECRET_FIELD[kind]] = value;
      return value;
    },
  };
}

export async function openSession(input: SessionInput): Promise<Session> {
  const stateDir = input.stateDir ?? defaultStateDir();
  const { answers, secrets } = input;
  const store = await StateStore.open(stateDir, answers.host.user, answers.host.address, answers.host.port);
  const logger = createLogger(stateDir, store.file.replace(/^.*\//, '').replace(/\.json$/, ''), secretValues(secrets));
  const { connect } = await import('../remote/connect.js');
  const ssh = await connect({
    host: answers.host.address,
    port: answers.host.port,
    user: answers.host.user,
    identityFile: answers.host.identity,
    knownHostsFile: input.knownHostsFile ?? join(stateDir, 'known_hosts'),
    pinnedFingerprint: answers.host.hostKeyFingerprint,
    io: rememberTypedSecrets(input.io, secrets, logger),
  });
  const remote = new LoggedRemote(ssh, (line) => logger.line(line));
  logger.line(`connected to ${remote.target}${remote.usesSudo ? ' (commands through sudo)' : ''}`);
  // A dry run changes nothing, its state file included.
  if (!input.dryRun) await store.setAnswers(answers);
  const ctx: StepContext = {
    remote,
    answers,
    secrets,
    facts: store.data.facts,
    dryRun: Boolean(input.dryRun),
    resolver: input.resolver,
    caFile: input.caFile,
    log: (line) => logger.line(line),
    ...(input.ui ? { ui: input.ui } : {}),
  };
  return {
    remote,
    store,
    logger,
    ctx,
    stateDir,
    hostKey: ssh.hostKey,
    close: () => remote.close(),
  };
}
