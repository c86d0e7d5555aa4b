// A planned change on a plain terminal: connect, print the plan, ask (or
// take --yes), apply with the narration printed, then the checks. Every
// `mailsetup senders|forward|cert|dkim|hostname|domain` change runs here; the
// wizard drives the same PlannedChange from its own screens (cli/wizard-mode.tsx).
import type { CliRequest } from '../args.js';
import { changeExitCode, SHOWN_ONCE, type PlannedChange, type Say } from '../../day2/change.js';
import { painter } from '../../day2/paint.js';
import { printChecks } from './print-checks.js';
import { openSession, unattendedIo, type Session } from '../../session/session.js';
import { resolveTarget, type Day2Target } from '../../session/target.js';
import { askYesNo, interactive, terminalIo } from '../ask.js';

/** The session for a command on this terminal: its questions (host key, passphrase) asked here unless --yes. */
export async function openTarget(request: CliRequest, target: Day2Target): Promise<Session> {
  return openSession({
    answers: target.answers,
    secrets: target.secrets,
    stateDir: request.stateDir,
    resolver: target.resolver,
    caFile: target.caFile,
    knownHostsFile: target.knownHostsFile,
    io: interactive() && !request.yes ? terminalIo() : unattendedIo(target.answers, target.secrets),
  });
}

export type BuildChange = (session: Session, target: Day2Target) => Promise<PlannedChange>;

export const stdoutLine = (line: string): void => void process.stdout.write(`${line}\n`);

export async function changeOnTerminal(request: CliRequest, build: BuildChange, write: (line: string) => void = stdoutLine): Promise<number> {
  const paint = painter();
  const say: Say = (line, tone = 'info') => write(paint(tone, line));
  const target = await resolveTarget(request);
  const session = await openTarget(request, target);
  try {
    const change = await build(session, target);
    if (change.nothing) {
      say(change.nothing);
      return 0;
    }
    for (const line of change.plan) say(line);
    await change.beforeConfirm?.();
    if (!(await askYesNo('Go ahead?', request.yes))) {
      say('Nothing changed.');
      return 1;
    }
    const outcome = await change.apply(say);
    if (outcome.shownOnce) say(`${SHOWN_ONCE} ${outcome.shownOnce}`);
    printChecks(outcome.checks, paint, write);
    return changeExitCode(outcome);
  } finally {
    await session.close();
  }
}
