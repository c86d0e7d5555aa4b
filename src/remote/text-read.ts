// A small text file printed by bash builtins alone, for probes that run side
// by side on the server (--check's families): every process costs a small
// server a few milliseconds of CPU, more than reading a file of a few lines.
// `read -d ''` stops at a NUL byte, so this is for text (a setting, a hook, a
// script), never for a key or a binary file: those go through cat.
import { raw, sh, type Raw } from './quote.js';

/** Prints the file at `path` as cat would (nothing, exit 1, when it cannot be read). Needs bash. */
export function printText(path: string): Raw {
  return sh`[ -r ${path} ] && { IFS= read -r -d '' text <${path}; printf '%s' "$text"; }`;
}

/** Sets the shell variable `name` to the file's text (empty when it cannot be read). Needs bash. */
export function readTextInto(name: string, path: string): Raw {
  if (!/^[a-z_][a-z0-9_]*$/i.test(name)) throw new Error(`not a shell variable name: ${name}`);
  return sh`${raw(name)}=; [ ! -r ${path} ] || IFS= read -r -d '' ${raw(name)} <${path}`;
}
