// Where a new sender password comes from, in this order: the environment
// (MAILSETUP_SENDER_PASSWORD, for scripts), `--generate` (made up here and
// shown once), or typed twice at a hidden prompt. It never reaches the
// server: only its scrypt hash does (server/userdb.ts).
import { randomBytes } from 'node:crypto';
import { validatePassword } from '../state/validate.js';

export const PASSWORD_ENV = 'MAILSETUP_SENDER_PASSWORD';

export interface PasswordChoice {
  password: string;
  /** True when made up here: the caller shows it once. */
  generated: boolean;
}

export const generatePassword = (): string => randomBytes(18).toString('base64url');

/** The wizard's rule for sender passwords, so both refuse the same ones. */
export function checkStrength(password: string): void {
  const problem = validatePassword(password);
  if (problem) throw new Error(`the password ${problem}`);
}

export async function choosePassword(
  address: string,
  // How to ask (hidden, on the caller's terminal): without it, or with canAsk false, nothing is asked.
  opts: { generate: boolean; env?: NodeJS.ProcessEnv; ask?: (message: string) => Promise<string>; canAsk?: boolean },
): Promise<PasswordChoice> {
  const fromEnv = (opts.env ?? process.env)[PASSWORD_ENV];
  if (fromEnv) {
    checkStrength(fromEnv);
    return { password: fromEnv, generated: false };
  }
  if (opts.generate) return { password: generatePassword(), generated: true };
  const ask = opts.canAsk === false ? undefined : opts.ask;
  if (!ask) {
    throw new Error(`a password for ${address} is needed and there is no terminal to ask on: set ${PASSWORD_ENV} or pass --generate`);
  }
  const first = await ask(`Password for ${address} (empty: make one up):`);
  if (!first) return { password: generatePassword(), generated: true };
  checkStrength(first);
  if ((await ask('The same password again:')) !== first) throw new Error('the two passwords differ: nothing was changed');
  return { password: first, generated: false };
}

/** A password typed into a form (the wizard): checked like a typed one; empty means one is made up. */
export function givenPassword(typed: string | undefined): PasswordChoice {
  if (!typed) return { password: generatePassword(), generated: true };
  checkStrength(typed);
  return { password: typed, generated: false };
}
