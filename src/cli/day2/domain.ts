// `mailsetup domain add|list` on a terminal: the change itself is day2/domain-command.ts.
import type { CliRequest } from '../args.js';
import { domainChange } from '../../day2/domain-command.js';
import { domainName, serverDomains } from '../../server/domains.js';
import { resolveTarget } from '../../session/target.js';
import { changeOnTerminal, openTarget, stdoutLine } from './terminal-change.js';

const USAGE = 'mailsetup domain add DOMAIN | mailsetup domain list';

export async function domainMode(request: CliRequest, say: (line: string) => void = stdoutLine): Promise<number> {
  const [verb, name, ...rest] = request.day2?.words ?? [];
  if (verb === 'list' && !name) {
    const target = await resolveTarget(request);
    const session = await openTarget(request, target);
    try {
      for (const d of await serverDomains(session.remote)) say(d === target.answers.domain ? `${d} (first domain)` : d);
      return 0;
    } finally {
      await session.close();
    }
  }
  if (verb !== 'add' || !name || rest.length) throw new Error(`usage: ${USAGE}`);
  const domain = domainName(name);
  return changeOnTerminal(request, (session) => domainChange(session, domain, request.day2?.selector), say);
}
