// `mailsetup --check`: fills the check command's options from the lab
// (--lab), from the state saved for --host, and from the flags.
import type { CliRequest } from './args.js';
import { checkExpectations as expected } from '../tasks/dns-publish.js';
import { labInput } from '../session/run-input.js';
import { secretsFromEnv, type Secrets } from '../state/secrets.js';
import type { Answers } from '../state/answers.js';

/**
 * The secrets a login may need (the sudo password, a key passphrase), given
 * once in the environment or by the lab, as for an unattended run; a check
 * never prompts. Only the secret answers of unattendedIo are used, which
 * read no answer.
 */
async function secretIo(secrets: Secrets) {
  // Without a login secret nothing is asked: an encrypted key is passed over, as before.
  if (!secrets.sudoPassword && !secrets.sshPassword && !secrets.keyPassphrase) return undefined;
  const { unattendedIo } = await import('../session/session.js');
  return { askSecret: unattendedIo({} as Answers, secrets).askSecret };
}

export async function checkMode(request: CliRequest): Promise<number> {
  const { runCheckCommand } = await import('./check-command.js');
  if (request.lab) {
    const input = await labInput(request, false);
    const { answers } = input;
    // A day-two change (`mailsetup hostname set`) is saved in the lab host's
    // state: it wins over the lab's default name, as for the day-two commands.
    const { StateStore } = await import('../state/store.js');
    const { defaultStateDir } = await import('../state/paths.js');
    const saved = (await StateStore.open(request.stateDir ?? defaultStateDir(), answers.host.user, answers.host.address, answers.host.port)).data.answers;
    return runCheckCommand({
      domain: answers.domain,
      hostname: saved?.domain === answers.domain ? saved.hostname : answers.hostname,
      host: { user: answers.host.user, address: answers.host.address, port: answers.host.port },
      identity: answers.host.identity,
      pinnedFingerprint: answers.host.hostKeyFingerprint,
      stateDir: request.stateDir,
      resolver: input.resolver,
      caFile: input.caFile,
      ...expected(saved?.domain === answers.domain ? saved : answers),
      knownHostsFile: input.knownHostsFile,
      json: request.json,
      outboundTarget: answers.preflight.outboundTarget,
      blocklists: input.blocklists,
      io: await secretIo(input.secrets),
    });
  }
  let domain = request.domain;
  let hostname = request.hostname;
  let pinned: string | undefined;
  // Only a host mailsetup set up says which CA renews its certificate.
  let known: ReturnType<typeof expected> | undefined;
  if (request.host && (!domain || !hostname)) {
    // A host mailsetup set up: its state knows the domain and host name.
    const { StateStore } = await import('../state/store.js');
    const { defaultStateDir } = await import('../state/paths.js');
    const store = await StateStore.open(request.stateDir ?? defaultStateDir(), request.host.user ?? 'root', request.host.address, request.host.port ?? 22);
    domain ??= store.data.answers?.domain;
    hostname ??= store.data.answers?.hostname;
    pinned = store.data.answers?.host.hostKeyFingerprint;
    if (store.data.answers) known = expected(store.data.answers);
  }
  if (domain && !hostname) hostname = `smtp.${domain}`;
  return runCheckCommand({
    domain,
    hostname,
    host: request.host,
    identity: request.identity,
    pinnedFingerprint: pinned,
    stateDir: request.stateDir,
    resolver: request.resolver,
    caFile: request.caFile,
    ...known,
    json: request.json,
    io: await secretIo(secretsFromEnv(process.env)),
  });
}
