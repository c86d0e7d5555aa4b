// Gathers what a run starts from: the lab's answers (--lab), an answers
// file (--answers), or the state saved for the host; then CLI overrides.
import type { SessionRequest } from './request.js';
import type { Blocklist } from '../checks/context.js';
import type { Answers } from '../state/answers.js';
import { secretsFromEnv, type Secrets } from '../state/secrets.js';

export interface RunInput {
  answers: Answers;
  secrets: Secrets;
  resolver?: string;
  caFile?: string;
  /** Where the server's host key is recorded: the lab keeps its own (a re-created lab VPS has a new key; the lab, not the user's record, knows it). */
  knownHostsFile?: string;
  /** DNS blocklists to check (the lab's own instead of Spamhaus). */
  blocklists?: Blocklist[];
}

/** Says that the lab is being brought up; the returned function is called once it is up (or failed). */
export type Announce = (text: string) => () => void;

const lineOnStderr: Announce = (text) => {
  process.stderr.write(`${text}\n`);
  return () => undefined;
};

export async function labInput(request: SessionRequest, bringUp: boolean, announce: Announce = lineOnStderr): Promise<RunInput> {
  // Only the lab's description here; the whole lab (~0.2 s to load) only when it must be brought up.
  const { readLabInfo } = await import('../lab/read-info.js');
  let info = await readLabInfo();
  if (!info || Object.keys(info.vps).length === 0) {
    if (!bringUp) throw new Error('the lab is not up: run `mailsetup lab up` first (or `mailsetup --lab --yes`, which brings it up)');
    const done = announce('mailsetup: bringing the lab up first (`mailsetup lab up`)...');
    try {
      const lab = await import('../lab/index.js');
      await lab.labUp({});
    } finally {
      done();
    }
    info = await readLabInfo();
    if (!info) throw new Error('the lab did not come up: see `mailsetup lab status`');
  }
  const { labRun, pickLabOs } = await import('../lab/wizard-answers.js');
  const os = pickLabOs(info, process.env.MAILSETUP_LAB_OS as never);
  const run = await labRun(info, os);
  return {
    answers: run.answers,
    secrets: run.secrets,
    resolver: request.resolver ?? run.resolver,
    caFile: request.caFile ?? run.caFile,
    knownHostsFile: info.vps[os]!.ssh.knownHostsFile,
    blocklists: [{ zone: info.blocklist.zone, kind: 'ip' }],
  };
}

export async function answersInput(request: SessionRequest): Promise<RunInput> {
  if (request.lab) return labInput(request, request.yes);
  if (!request.answersFile) throw new Error('no answers: pass --answers FILE (see `mailsetup --help` for its keys)');
  const { loadAnswersFile } = await import('../state/answers-file.js');
  const { answers, secrets } = await loadAnswersFile(request.answersFile);
  applyOverrides(answers, request);
  return { answers, secrets: secretsFromEnv(process.env, secrets), resolver: request.resolver, caFile: request.caFile };
}

export function applyOverrides(answers: Answers, request: SessionRequest): void {
  if (request.host) {
    answers.host.address = request.host.address;
    if (request.host.user) answers.host.user = request.host.user;
    if (request.host.port) answers.host.port = request.host.port;
  }
  if (request.identity) answers.host.identity = request.identity;
}
