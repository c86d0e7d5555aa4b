// `mailsetup forward list|to|add|remove` on a terminal: the change itself is day2/forward-command.ts.
import type { CliRequest } from '../args.js';
import { aliasesText, forwardChange, servedDomain } from '../../day2/forward-command.js';
import { parseForwardWords } from '../../day2/forward-plan.js';
import { aliasesFile } from '../../server/paths.js';
import { resolveTarget } from '../../session/target.js';
import { changeOnTerminal, openTarget, stdoutLine } from './terminal-change.js';

export async function forwardMode(request: CliRequest, say: (line: string) => void = stdoutLine): Promise<number> {
  const action = parseForwardWords(request.day2?.words ?? []);
  if (action.verb !== 'list') {
    return changeOnTerminal(request, (session) => forwardChange(session, action, request.domain ?? session.ctx.answers.domain), say);
  }
  const target = await resolveTarget(request);
  const session = await openTarget(request, target);
  try {
    const domain = await servedDomain(session, request.domain ?? session.ctx.answers.domain);
    const lines = (await aliasesText(session, domain)).split('\n').filter((l) => l.trim() && !l.trim().startsWith('#'));
    say(lines.length ? lines.map((l) => `${domain}  ${l}`).join('\n') : `${domain}: no forwarding (${aliasesFile(domain)} is empty)`);
    return 0;
  } finally {
    await session.close();
  }
}
