// `mailsetup senders add|remove|list|passwd ADDRESS`: the words checked and
// turned into one action before anything connects, and what it will do,
// in words, for the confirmation.
import { normalAddress } from '../state/names.js';
import { shown } from '../state/shown.js';
import { validateEmail } from '../state/validate.js';
import { splitAddress } from '../tasks/senders.js';

export type SendersAction = { verb: 'list' } | { verb: 'add' | 'remove' | 'passwd'; address: string; local: string; domain: string };

export const SENDERS_USAGE = 'mailsetup senders list | add ADDRESS | remove ADDRESS | passwd ADDRESS';

export function parseSendersWords(words: string[]): SendersAction {
  const [verb, address, ...rest] = words;
  if (!verb || verb === 'list') {
    if (address) throw new Error(`senders list takes no address: ${SENDERS_USAGE}`);
    return { verb: 'list' };
  }
  if (verb !== 'add' && verb !== 'remove' && verb !== 'passwd') throw new Error(`unknown "senders ${verb}": ${SENDERS_USAGE}`);
  if (!address) throw new Error(`senders ${verb} needs the address: mailsetup senders ${verb} name@your-domain`);
  if (rest.length) throw new Error(`senders ${verb} takes one address; got also "${rest[0]}"`);
  return senderAction(verb, address);
}

/** One sender change from its verb and address (the wizard's form gives them as fields); a bad address is refused. */
export function senderAction(verb: 'add' | 'remove' | 'passwd', address: string): Exclude<SendersAction, { verb: 'list' }> {
  const problem = validateEmail(address);
  if (problem) throw new Error(`${shown(address)} ${problem}`);
  const { local, domain } = splitAddress(normalAddress(address));
  return { verb, address: `${local}@${domain}`, local, domain };
}

/** The lines shown before asking. */
export function describeSendersAction(a: Exclude<SendersAction, { verb: 'list' }>, usersPath: string): string[] {
  switch (a.verb) {
    case 'add':
      return [
        `Add the sender ${a.address}:`,
        `  - hash its password here (scrypt) and add only the hash to ${usersPath}`,
        '  - restart chasquid so it takes the new login at once',
        '  - then log in with it on port 587 to prove it works',
      ];
    case 'passwd':
      return [
        `Set a new password for ${a.address}:`,
        `  - replace its hash in ${usersPath} (other senders keep theirs)`,
        '  - restart chasquid, then log in with the new password on port 587',
      ];
    case 'remove':
      return [
        `Remove the sender ${a.address}:`,
        `  - delete its entry from ${usersPath} (other senders stay)`,
        '  - restart chasquid so the login stops working at once',
        '  - mail forwarding (aliases) is not changed',
      ];
  }
}
