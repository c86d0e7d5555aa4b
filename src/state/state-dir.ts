// The state dir (--state-dir, or $XDG_STATE_HOME/mailsetup) is checked once,
// before a run reads or writes in it, so that a wrong one stops the run with
// what to do instead of a hang (a path under /proc) or a raw EPERM.
import { constants } from 'node:fs';
import { access, chmod, mkdir, open, rm, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { shown } from './shown.js';

export class StateDirError extends Error {
  constructor(dir: string, problem: string, fix: string) {
    super(`the state dir ${shown(dir, 200)} ${problem}: ${fix}`);
    this.name = 'StateDirError';
  }
}

// Kernel file systems: writes there do not store files (and a recursive
// mkdir under /proc can loop instead of failing).
const PSEUDO = ['/proc', '/sys', '/dev'];
const CHOOSE = 'pass --state-dir with a folder of your own, e.g. ~/.local/state/mailsetup';

/** Make the state dir (0700) if needed and prove a file can be written in it. */
export async function prepareStateDir(dir: string): Promise<void> {
  const path = resolve(dir);
  if (PSEUDO.some((p) => path === p || path.startsWith(`${p}/`))) throw new StateDirError(dir, `is under ${path.split('/').slice(0, 2).join('/')}, a kernel file system, not a folder on disk`, CHOOSE);
  const before = await stat(path).catch((error: NodeJS.ErrnoException) => (error.code === 'ENOENT' ? null : error));
  if (before instanceof Error) throw explain(dir, before);
  if (before && !before.isDirectory()) throw new StateDirError(dir, 'is a file, not a folder', `${CHOOSE}, or move the file away`);
  try {
    if (!before) {
      await mkdir(path, { recursive: true, mode: 0o700 });
      await chmod(path, 0o700);
    }
    await access(path, constants.W_OK | constants.X_OK);
    // access() says yes to root even where the folder is immutable: try a real file.
    const probe = join(path, `.mailsetup-write-test-${process.pid}`);
    await (await open(probe, 'wx', 0o600)).close();
    await rm(probe, { force: true });
  } catch (error) {
    throw explain(dir, error as NodeJS.ErrnoException);
  }
}

function explain(dir: string, error: NodeJS.ErrnoException): Error {
  switch (error.code) {
    case 'ENOTDIR':
      return new StateDirError(dir, 'has a file where a folder of its path should be', `${CHOOSE}, or move that file away`);
    case 'EPERM':
      return new StateDirError(dir, 'cannot be written (EPERM: it, or a folder above it, may be immutable; `lsattr -d` shows an "i")', `${CHOOSE}, or lift the flag with \`chattr -i\``);
    case 'EACCES':
      return new StateDirError(dir, 'cannot be written by you (EACCES: permissions)', `${CHOOSE}, or fix its owner and mode (it should be yours, mode 0700)`);
    case 'EROFS':
      return new StateDirError(dir, 'is on a read-only file system', CHOOSE);
    default:
      return new StateDirError(dir, `cannot be used (${error.code ?? error.message})`, CHOOSE);
  }
}
