// Which of the server's files may enter the backup repository, and where.
// The file list comes from the server, so it is hostile input: root there
// must never mean code here. A name with a line break, a "..", or a ".git"
// could otherwise choose a path outside the backup, or overwrite the
// repository's own .git/config (core.fsmonitor runs a command on `git add`).
// So the list is read NUL-separated, and every path must be a plain,
// normalised path under the folder asked for, with no .git in it.
import { posix, resolve, sep } from 'node:path';
import { shown } from '../state/shown.js';

export class UnsafeServerPathError extends Error {
  constructor(readonly path: string, reason: string) {
    super(
      `the server listed the file ${shown(path, 120)}, which ${reason}: nothing was backed up. ` +
        'Names like this do not come from chasquid or mailsetup; someone with root on the server may have made it. ' +
        'Check the server, remove the file, then run mailsetup again.',
    );
    this.name = 'UnsafeServerPathError';
  }
}

// Control characters (C0, DEL and C1, which holds the 8-bit CSI) have no place in chasquid's file names.
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;
// What git (or a case-insensitive or Windows file system) reads as ".git": `.GIT`, `.git.`, `GIT~1`.
const GIT_NAME = /^(?:\.git[. ]*|git~\d+)$/i;
const PATH_MAX = 4096;

/** Why `path` may not be backed up from under `root`, or null when it may. */
export function unsafeServerPath(path: string, root: string): string | null {
  if (path.length > PATH_MAX) return `is longer than ${PATH_MAX} characters`;
  if (CONTROL.test(path)) return 'contains a control character (a line break or a terminal escape)';
  if (!path.startsWith(`${root}/`)) return `is not under ${root}`;
  if (posix.normalize(path) !== path || path.endsWith('/')) return 'is not a normal path (it has "..", "." or an empty part)';
  if (path.slice(root.length + 1).split('/').some((part) => GIT_NAME.test(part))) return 'has a ".git" part, which would be git\'s own files';
  return null;
}

/** `find ROOT -type f -print0` output -> the paths; throws on the first unsafe one. */
export function serverFileList(output: string, root: string): string[] {
  const paths = output.split('\0').filter((p) => p !== '');
  for (const path of paths) {
    const reason = unsafeServerPath(path, root);
    if (reason) throw new UnsafeServerPathError(path, reason);
  }
  return paths;
}

/**
 * `NAME\0BASE64\0...` (each file's name, then its content in base64) ->
 * checked path -> content; throws on the first unsafe name, or on output
 * that is not pairs of that shape.
 */
export function serverFiles(output: string, root: string): Map<string, Buffer> {
  const parts = output.split('\0');
  if (parts.at(-1) === '') parts.pop();
  if (parts.length % 2 !== 0) throw new Error(`the server's list of files under ${root} was cut off: run mailsetup again`);
  const names = parts.filter((_, i) => i % 2 === 0);
  serverFileList(names.map((n) => `${n}\0`).join(''), root);
  const out = new Map<string, Buffer>();
  for (let i = 0; i < parts.length; i += 2) {
    const data = parts[i + 1]!;
    if (!/^[A-Za-z0-9+/]*={0,2}$/.test(data)) throw new Error(`the server sent ${shown(parts[i]!, 120)} in a form mailsetup does not read: run mailsetup again`);
    out.set(parts[i]!, Buffer.from(data, 'base64'));
  }
  return out;
}

/** Where a checked server path lands in the backup; checked again against the folder itself. */
export function localPathOf(dir: string, path: string): string {
  const base = resolve(dir);
  const local = resolve(base, path.replace(/^\/+/, ''));
  if (!local.startsWith(`${base}${sep}`)) throw new UnsafeServerPathError(path, `would land outside ${dir}`);
  return local;
}
