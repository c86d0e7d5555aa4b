// Where mailsetup keeps its files on the user's computer (XDG layout).
import { homedir } from 'node:os';
import { join } from 'node:path';

export function defaultStateDir(env: NodeJS.ProcessEnv = process.env): string {
  const base = env.XDG_STATE_HOME || join(homedir(), '.local', 'state');
  return join(base, 'mailsetup');
}

/** A file-name-safe key for one server: `root@203.0.113.7_22`. */
export function hostKey(user: string, address: string, port: number): string {
  return `${user}@${address}_${port}`.replace(/[^A-Za-z0-9@._-]/g, '_');
}
