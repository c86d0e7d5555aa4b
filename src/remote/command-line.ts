// Builds the exact string handed to the server's login shell for one command.
// The user's command travels as ONE quoted argument of `sh -c`, which then
// prefers bash (steps may use bash features) and falls back to sh (an
// installer image such as TinyCore has no bash, and detectOs must still be
// able to say so). Privilege comes from sudo when the login user is not root:
// `-S -p ''` reads the password from stdin without printing a prompt, and `-k`
// ignores cached credentials so sudo always consumes that first stdin line:
// the password never reaches the command itself, nor any argv.
import { quote } from './quote.js';

export type Privilege = 'root' | 'sudo-nopasswd' | 'sudo-password';

const PREFER_BASH = 'command -v bash >/dev/null 2>&1 && exec bash -c "$1" || exec sh -c "$1"';

export function commandLine(command: string, privilege: Privilege, timeoutMs?: number): string {
  const words: string[] = [];
  if (privilege === 'sudo-nopasswd') words.push('sudo', '-n');
  if (privilege === 'sudo-password') words.push('sudo', '-S', '-k', '-p', "''");
  if (timeoutMs !== undefined) words.push('timeout', '-k', '5', `${Math.max(1, Math.ceil(timeoutMs / 1000))}`);
  words.push('sh', '-c', quote(PREFER_BASH), 'mailsetup', quote(command));
  return words.join(' ');
}

/** Exit code of coreutils `timeout` when it had to stop the command. */
export const TIMEOUT_EXIT = 124;
