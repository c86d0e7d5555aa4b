// `mailsetup dkim rotate` on a terminal: the change itself is day2/dkim-command.ts.
import type { CliRequest } from '../args.js';
import { dkimChange } from '../../day2/dkim-command.js';
import { changeOnTerminal, stdoutLine } from './terminal-change.js';

const USAGE = 'mailsetup dkim rotate [--selector NAME] [--domain DOMAIN]';

export async function dkimMode(request: CliRequest, say: (line: string) => void = stdoutLine): Promise<number> {
  const [verb, ...rest] = request.day2?.words ?? [];
  if (verb !== 'rotate' || rest.length) throw new Error(`usage: ${USAGE}`);
  return changeOnTerminal(request, (session, target) => dkimChange(session, target, request.domain ?? target.answers.domain, request.day2?.selector), say);
}
