// `mailsetup cert renew` on a terminal: the change itself is day2/cert-command.ts.
import type { CliRequest } from '../args.js';
import { certChange } from '../../day2/cert-command.js';
import { changeOnTerminal, stdoutLine } from './terminal-change.js';

export async function certMode(request: CliRequest, say: (line: string) => void = stdoutLine): Promise<number> {
  const words = request.day2?.words ?? [];
  if (words.length !== 1 || words[0] !== 'renew') throw new Error('usage: mailsetup cert renew');
  return changeOnTerminal(request, (session) => certChange(session), say);
}
