// Which server a day-two command works on, and with which answers. A host
// mailsetup set up keeps its answers in the state file, so `--host` alone is
// enough; `--lab` reads the lab. The state wins over the lab's defaults:
// day-two changes (a sender added, a new DKIM selector) were saved there.
import { UsageError, type SessionRequest } from './request.js';
import { answersInput, applyOverrides, labInput } from './run-input.js';
import type { Blocklist } from '../checks/context.js';
import type { Answers } from '../state/answers.js';
import { defaultStateDir } from '../state/paths.js';
import { secretsFromEnv, type Secrets } from '../state/secrets.js';
import { StateStore } from '../state/store.js';

export interface Day2Target {
  answers: Answers;
  secrets: Secrets;
  resolver?: string;
  caFile?: string;
  knownHostsFile?: string;
  /** The DNS blocklists to watch (the lab's own instead of Spamhaus's). */
  blocklists?: Blocklist[];
}

/**
 * The answers saved for this host win over the given ones (day-two changes
 * were saved there, and opening a session saves its answers back); the host
 * itself is as given. The wizard's changes start here too.
 */
export async function savedTarget(stateDir: string, given: Day2Target): Promise<Day2Target> {
  const { host } = given.answers;
  const store = await StateStore.open(stateDir, host.user, host.address, host.port);
  return store.data.answers ? { ...given, answers: { ...structuredClone(store.data.answers), host } } : given;
}

export async function resolveTarget(request: SessionRequest): Promise<Day2Target> {
  const stateDir = request.stateDir ?? defaultStateDir();
  if (request.lab) {
    const input = await labInput(request, false);
    return savedTarget(stateDir, { answers: input.answers, secrets: secretsFromEnv(process.env, input.secrets), resolver: input.resolver, caFile: input.caFile, knownHostsFile: input.knownHostsFile, blocklists: input.blocklists });
  }
  if (request.answersFile) return answersInput(request);
  if (!request.host) throw new UsageError('which server? Pass --host user@addr (a server mailsetup set up), --answers FILE, or --lab');
  const { user = 'root', address, port = 22 } = request.host;
  const store = await StateStore.open(stateDir, user, address, port);
  if (!store.data.answers) {
    throw new Error(`mailsetup has no record of setting up ${user}@${address}:${port} (no ${store.file}): run \`mailsetup --host ${user}@${address}\` first, or pass --answers FILE`);
  }
  const answers = structuredClone(store.data.answers);
  applyOverrides(answers, request);
  return { answers, secrets: secretsFromEnv(process.env), resolver: request.resolver, caFile: request.caFile };
}
