// A day-two change named the way the command line names it (`senders add
// ADDRESS`, `forward to MAILBOX`, ...), planned by the same code the command
// runs. The wizard's change screens end here, so what they do, the plan they
// show and the checks after are the commands' own.
import type { Session } from '../session/session.js';
import type { PlannedChange } from './change.js';
import type { Day2Target } from '../session/target.js';

export type ChangeMode = 'senders' | 'forward' | 'cert' | 'dkim' | 'hostname' | 'domain';

export interface ChangeRequest {
  mode: ChangeMode;
  /** The words after `mailsetup MODE`, e.g. ['add', 'bob@example.com']. */
  words: string[];
  /** senders add|passwd: the new password; empty or absent: one is made up and shown once. */
  password?: string;
  /** dkim rotate, domain add: the new selector (default: from the date). */
  selector?: string;
}

/** The command the request stands for, secrets left out: shown beside the plan, and usable later on its own. */
export const commandOf = (r: ChangeRequest): string => ['mailsetup', r.mode, ...r.words, ...(r.selector ? ['--selector', r.selector] : [])].join(' ');

export async function planChange(session: Session, target: Day2Target, request: ChangeRequest): Promise<PlannedChange> {
  const { words } = request;
  const notHere = () => new Error(`"${commandOf(request)}" is not a change: run it on the command line`);
  switch (request.mode) {
    case 'senders': {
      const action = (await import('./senders-plan.js')).parseSendersWords(words);
      if (action.verb === 'list') throw notHere();
      const { givenPassword } = await import('./sender-password.js');
      return (await import('./senders-command.js')).senderChange(session, target, action, async () => givenPassword(request.password));
    }
    case 'forward': {
      const action = (await import('./forward-plan.js')).parseForwardWords(words);
      if (action.verb === 'list') throw notHere();
      return (await import('./forward-command.js')).forwardChange(session, action, target.answers.domain);
    }
    case 'cert':
      if (words.join(' ') !== 'renew') throw notHere();
      return (await import('./cert-command.js')).certChange(session);
    case 'dkim':
      if (words.join(' ') !== 'rotate') throw notHere();
      return (await import('./dkim-command.js')).dkimChange(session, target, target.answers.domain, request.selector || undefined);
    case 'hostname': {
      if (words[0] !== 'set' || words.length !== 2) throw notHere();
      const { domainName } = await import('../server/domains.js');
      return (await import('./hostname-command.js')).hostnameChange(session, target, domainName(words[1]!));
    }
    case 'domain': {
      if (words[0] !== 'add' || words.length !== 2) throw notHere();
      const { domainName } = await import('../server/domains.js');
      return (await import('./domain-command.js')).domainChange(session, domainName(words[1]!), request.selector || undefined);
    }
  }
}
