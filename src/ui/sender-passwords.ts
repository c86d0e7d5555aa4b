// A sender new to this host and given no password gets one made up, by the
// same generator as `mailsetup senders add --generate`, and shown once on
// the summary. Senders the server already has keep theirs (none is made up).
import { generatePassword } from '../day2/sender-password.js';
import type { Answers } from '../state/answers.js';
import type { Secrets } from '../state/secrets.js';

/** Fills in the made-up passwords and returns the senders that got one. */
export function makeUpMissingPasswords(answers: Answers, secrets: Secrets, known: string[]): string[] {
  const generated = answers.senders.filter((s) => !secrets.senderPasswords[s] && !known.includes(s));
  for (const address of generated) secrets.senderPasswords[address] = generatePassword();
  return generated;
}
