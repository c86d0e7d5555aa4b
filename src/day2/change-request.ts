// A day-two change as the wizard's screens ask for it: the same typed
// actions the command line's words parse into (senders-plan.ts,
// forward-plan.ts), planned by the same code the command runs. The wizard's
// change screens end here, so what they do, the plan they show and the
// checks after are the commands' own.
import type { Session } from '../session/session.js';
import type { PlannedChange } from './change.js';
import type { Day2Target } from '../session/target.js';
import type { ForwardAction } from './forward-plan.js';
import type { SendersAction } from './senders-plan.js';
import type { WatchSettings } from './watch-config.js';

export type SenderChange = Exclude<SendersAction, { verb: 'list' }>;
export type ForwardChange = Exclude<ForwardAction, { verb: 'list' }>;

/** One change, as typed data: the wizard's forms build it from their fields, nothing is parsed twice. */
export type ChangeRequest =
  /** `password`: for add and passwd; empty or absent: one is made up and shown once. */
  | { mode: 'senders'; action: SenderChange; password?: string }
  | { mode: 'forward'; action: ForwardChange }
  | { mode: 'cert' }
  /** `selector`: the new one (default: from the date). */
  | { mode: 'dkim'; selector?: string }
  | { mode: 'hostname'; hostname: string }
  | { mode: 'domain'; domain: string; selector?: string }
  /** `settings`: watch on with them; absent: watch off. */
  | { mode: 'watch'; settings?: WatchSettings };

export type ChangeMode = ChangeRequest['mode'];

/** The words `mailsetup MODE ...` takes for this change (secrets left out). */
function wordsOf(r: ChangeRequest): string[] {
  switch (r.mode) {
    case 'senders':
      return [r.action.verb, r.action.address];
    case 'forward':
      return r.action.verb === 'to' ? ['to', r.action.mailbox] : r.action.verb === 'add' ? ['add', r.action.user, r.action.targets.replace(/, /g, ',')] : ['remove', r.action.user];
    case 'cert':
      return ['renew'];
    case 'dkim':
      return ['rotate'];
    case 'hostname':
      return ['set', r.hostname];
    case 'domain':
      return ['add', r.domain];
    case 'watch': {
      const s = r.settings;
      if (!s) return ['off'];
      return ['on', '--at', s.at, ...(s.webhook ? ['--webhook', s.webhook] : s.to ? ['--to', s.to] : []), ...(s.weekly ? ['--weekly'] : [])];
    }
  }
}

/** The command the request stands for, secrets left out: shown beside the plan, and usable later on its own. */
export const commandOf = (r: ChangeRequest): string => {
  const selector = r.mode === 'dkim' || r.mode === 'domain' ? r.selector : undefined;
  return ['mailsetup', r.mode, ...wordsOf(r), ...(selector ? ['--selector', selector] : [])].join(' ');
};

export async function planChange(session: Session, target: Day2Target, request: ChangeRequest): Promise<PlannedChange> {
  switch (request.mode) {
    case 'senders': {
      const { givenPassword } = await import('./sender-password.js');
      return (await import('./senders-command.js')).senderChange(session, target, request.action, async () => givenPassword(request.password));
    }
    case 'forward':
      return (await import('./forward-command.js')).forwardChange(session, request.action, target.answers.domain);
    case 'cert':
      return (await import('./cert-command.js')).certChange(session);
    case 'dkim':
      return (await import('./dkim-command.js')).dkimChange(session, target, target.answers.domain, request.selector || undefined);
    case 'hostname': {
      const { domainName } = await import('../server/domains.js');
      return (await import('./hostname-command.js')).hostnameChange(session, target, domainName(request.hostname));
    }
    case 'domain': {
      const { domainName } = await import('../server/domains.js');
      return (await import('./domain-command.js')).domainChange(session, domainName(request.domain), request.selector || undefined);
    }
    case 'watch': {
      const watch = await import('./watch-command.js');
      return request.settings ? watch.watchOn(session, request.settings, target.blocklists) : watch.watchOff(session);
    }
  }
}
