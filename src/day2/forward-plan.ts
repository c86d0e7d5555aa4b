// `mailsetup forward ...`: changes to a domain's aliases file, computed
// here as pure text edits (server/aliases.ts) so the plan shown before
// asking is exactly what gets written.
import { normalAddress } from '../state/names.js';
import { shown } from '../state/shown.js';
import { validateEmail } from '../state/validate.js';
import { aliasTargets, removeAlias, setAlias } from '../server/aliases.js';

export type ForwardAction =
  | { verb: 'list' }
  | { verb: 'to'; mailbox: string }
  | { verb: 'add'; user: string; targets: string }
  | { verb: 'remove'; user: string };

export const FORWARD_USAGE = 'mailsetup forward list | to MAILBOX | add USER TARGET[,TARGET] | remove USER   [--domain DOMAIN]';

function checkAddress(value: string): string {
  const problem = validateEmail(value);
  // Pipe targets run commands on the server: mailsetup only writes addresses.
  if (problem) throw new Error(`${shown(value)} ${problem}`);
  return normalAddress(value.toLowerCase());
}

function checkUser(value: string): string {
  if (value === '*') return value;
  if (!/^[a-z0-9][a-z0-9._+-]{0,63}$/i.test(value)) throw new Error(`${shown(value)} is not a local part: write the part before the @ (e.g. sales), or * for every address`);
  return value.toLowerCase();
}

// Each change from its values (the command line's words, or the wizard's fields); bad values are refused.
export const forwardTo = (mailbox: string): Extract<ForwardAction, { verb: 'to' }> => ({ verb: 'to', mailbox: checkAddress(mailbox) });
export const forwardAdd = (user: string, targets: string): Extract<ForwardAction, { verb: 'add' }> => ({
  verb: 'add',
  user: checkUser(user),
  targets: targets.split(',').map((t) => checkAddress(t.trim())).join(', '),
});
export const forwardRemove = (user: string): Extract<ForwardAction, { verb: 'remove' }> => ({ verb: 'remove', user: checkUser(user) });

export function parseForwardWords(words: string[]): ForwardAction {
  const [verb, a, b, ...rest] = words;
  const extra = (n: number) => {
    if (words.length > n) throw new Error(`too many words after "forward ${verb}": ${FORWARD_USAGE}`);
  };
  switch (verb) {
    case undefined:
    case 'list':
      extra(1);
      return { verb: 'list' };
    case 'to':
      if (!a) throw new Error('forward to needs the mailbox: mailsetup forward to you@gmail.com');
      extra(2);
      return forwardTo(a);
    case 'add':
      if (!a || !b) throw new Error('forward add needs a user and a target: mailsetup forward add sales you@gmail.com');
      extra(3);
      return forwardAdd(a, b);
    case 'remove':
      if (!a) throw new Error('forward remove needs the user: mailsetup forward remove sales');
      extra(2);
      return forwardRemove(a);
    default:
      void rest;
      throw new Error(`unknown "forward ${verb}": ${FORWARD_USAGE}`);
  }
}

export interface ForwardPlan {
  next: string;
  /** What changes, one line each; empty when nothing does. */
  changes: string[];
}

/** `to`: every line that forwarded to the old mailbox (and the catch-all) now forwards to the new one. */
export function planForward(current: string, action: Exclude<ForwardAction, { verb: 'list' }>, oldMailbox: string | undefined, domain: string): ForwardPlan {
  let next = current;
  const changes: string[] = [];
  const set = (user: string, targets: string) => {
    const was = aliasTargets(next, user);
    if (was === targets) return;
    next = setAlias(next, user, targets);
    changes.push(`${user === '*' ? `*@${domain} (every other address)` : `${user}@${domain}`}: ${was ?? '(none)'} -> ${targets}`);
  };
  if (action.verb === 'to') {
    for (const line of current.split('\n')) {
      const user = /^\s*([^\s:#]+)\s*:/.exec(line)?.[1];
      if (user && oldMailbox && aliasTargets(current, user)?.toLowerCase() === oldMailbox.toLowerCase()) set(user, action.mailbox);
    }
    set('*', action.mailbox);
  } else if (action.verb === 'add') set(action.user, action.targets);
  else {
    const was = aliasTargets(next, action.user);
    if (was !== undefined) {
      next = removeAlias(next, action.user);
      changes.push(`${action.user}@${domain}: ${was} -> (removed)`);
    }
  }
  return { next, changes };
}
