// A small text file read by bash builtins alone, for probes that run side by
// side on the server (--check's families): every process costs a small
// server a few milliseconds of CPU, more than reading a file of a few lines.
// `read -d ''` stops at a NUL byte, so this is for text (a setting, a hook, a
// script, a PEM key), never for a binary file: those go through cat.
import { sh, type Raw } from './quote.js';

/** Sets the shell variable `text` to the file's text (empty when it cannot be read). Needs bash. */
export function readText(path: string): Raw {
  return sh`text=; [ ! -r ${path} ] || IFS= read -r -d '' text <${path}`;
}

/** Prints the file at `path` as cat would (nothing, exit 1, when it cannot be read). Needs bash. */
export function printText(path: string): Raw {
  return sh`[ -r ${path} ] && { ${readText(path)}; printf '%s' "$text"; }`;
}
