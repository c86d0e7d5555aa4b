// Day-two questions on a plain terminal (no Ink: these commands are short
// and scriptable). Without a terminal nothing is asked: `--yes` or an
// environment variable must answer instead, and the message says which.
// The two prompts come from their own packages: @inquirer/prompts would also
// bring its editor prompt's character-set tables into the bundle (0.5 MB).
import type { ConnectIo } from '../remote/connect.js';

export const interactive = (): boolean => Boolean(process.stdin.isTTY && process.stdout.isTTY);

export async function askYesNo(question: string, yes: boolean): Promise<boolean> {
  if (yes) return true;
  if (!interactive()) throw new Error(`${question} — no terminal to ask on: pass --yes to go ahead`);
  const { default: confirm } = await import('@inquirer/confirm');
  return confirm({ message: question, default: false });
}

export async function askHidden(message: string): Promise<string> {
  const { default: password } = await import('@inquirer/password');
  return password({ message, mask: '*' });
}

/** Host key and SSH secrets asked on the terminal (a host mailsetup set up is normally known already). */
export function terminalIo(): ConnectIo {
  return {
    async confirmHostKey(fingerprint, host) {
      const { default: confirm } = await import('@inquirer/confirm');
      return confirm({ message: `First contact with ${host}: its host key is ${fingerprint}. Trust it?`, default: false });
    },
    askSecret: (prompt) => askHidden(prompt),
  };
}
