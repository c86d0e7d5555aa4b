// `mailsetup hostname set NAME` on a terminal: the change itself is day2/hostname-command.ts.
import type { CliRequest } from '../args.js';
import { hostnameChange } from '../../day2/hostname-command.js';
import { domainName } from '../../server/domains.js';
import { changeOnTerminal, stdoutLine } from './terminal-change.js';

const USAGE = 'mailsetup hostname set NAME';

export async function hostnameMode(request: CliRequest, say: (line: string) => void = stdoutLine): Promise<number> {
  const [verb, name, ...rest] = request.day2?.words ?? [];
  if (verb !== 'set' || !name || rest.length) throw new Error(`usage: ${USAGE}`);
  const to = domainName(name);
  return changeOnTerminal(request, (session, target) => hostnameChange(session, target, to), say);
}
