// The one quoting function of mailsetup: every value that reaches a remote
// shell passes through `quote` (directly or through the `sh` template tag).
// POSIX single quotes keep every byte literal except the single quote itself,
// which is closed, escaped and reopened. NUL cannot travel in a shell word at
// all, so it is refused instead of silently truncating the argument.

export class UnquotableValueError extends Error {
  // The value is not repeated: it may be a secret, and its escaped form
  // (\u0000) would no longer match the secret that masking looks for.
  constructor(value: string) {
    super(`refusing to pass a value containing a NUL byte to the remote shell (a value of ${value.length} characters, NUL at ${value.indexOf('\0')})`);
    this.name = 'UnquotableValueError';
  }
}

export function quote(value: string | number): string {
  const text = String(value);
  if (text.includes('\0')) throw new UnquotableValueError(text);
  if (text !== '' && /^[A-Za-z0-9_@%+=:,./-]+$/.test(text) && !text.startsWith('-')) return text;
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

/** A piece of shell text that is already safe and must not be quoted again. */
export class Raw {
  constructor(readonly text: string) {}
  toString(): string {
    return this.text;
  }
}

export const raw = (text: string): Raw => new Raw(text);

type ShValue = string | number | Raw | ReadonlyArray<string | number | Raw>;

function render(value: ShValue): string {
  if (value instanceof Raw) return value.text;
  if (Array.isArray(value)) return value.map((v) => render(v as ShValue)).join(' ');
  return quote(value as string | number);
}

/**
 * Template tag that builds a shell command: the literal parts are written by
 * mailsetup's own code, every interpolated value is quoted (arrays become
 * several quoted words). `sh\`chasquid-util user-add ${address}\``.
 */
export function sh(strings: TemplateStringsArray, ...values: ShValue[]): Raw {
  let out = strings[0] ?? '';
  values.forEach((value, i) => {
    out += render(value) + (strings[i + 1] ?? '');
  });
  return new Raw(out);
}
