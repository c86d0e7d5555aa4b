// `mailsetup senders list|add|remove|passwd` on a terminal: the change itself is
// day2/senders-command.ts; the password is asked here (hidden) or made up.
import type { CliRequest } from '../args.js';
import { choosePassword } from '../../day2/sender-password.js';
import { parseSendersWords } from '../../day2/senders-plan.js';
import { senderChange } from '../../day2/senders-command.js';
import { listSenders } from '../../tasks/senders.js';
import { serverDomains } from '../../server/domains.js';
import { resolveTarget } from '../../session/target.js';
import { painter } from '../../day2/paint.js';
import { askHidden, interactive } from '../ask.js';
import { changeOnTerminal, openTarget, stdoutLine } from './terminal-change.js';

export async function sendersMode(request: CliRequest, say: (line: string) => void = stdoutLine): Promise<number> {
  const action = parseSendersWords(request.day2?.words ?? []);
  if (action.verb !== 'list') {
    const pick = () => choosePassword(action.address, { generate: Boolean(request.day2?.generate), ask: askHidden, canAsk: interactive() });
    return changeOnTerminal(request, (session, target) => senderChange(session, target, action, pick), say);
  }
  const paint = painter();
  const target = await resolveTarget(request);
  const session = await openTarget(request, target);
  try {
    const domains = await serverDomains(session.remote);
    for (const domain of domains) {
      const senders = await listSenders(session.ctx, domain);
      say(`${domain}: ${senders.length ? senders.join(', ') : paint('dim', 'no senders')}`);
    }
    if (!domains.length) say(paint('warn', 'chasquid serves no domain on this server yet: run mailsetup first'));
    return 0;
  } finally {
    await session.close();
  }
}
