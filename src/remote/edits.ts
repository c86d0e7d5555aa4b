// Pure, idempotent text edits that steps apply to config files they read and
// write back with writeFile: running an edit twice gives the same text as
// running it once, so a resumed or repeated run changes nothing the second
// time (and writeFile then reports changed=false).

function splitLines(text: string): { lines: string[]; finalNewline: boolean } {
  if (text === '') return { lines: [], finalNewline: true };
  const finalNewline = text.endsWith('\n');
  const lines = (finalNewline ? text.slice(0, -1) : text).split('\n');
  return { lines, finalNewline };
}

function joinLines(lines: string[], finalNewline: boolean): string {
  if (lines.length === 0) return '';
  return lines.join('\n') + (finalNewline ? '\n' : '');
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Append `line` unless a line with exactly this text (ignoring trailing spaces) is already there. */
export function ensureLine(text: string, line: string): string {
  const { lines } = splitLines(text);
  if (lines.some((l) => l.trimEnd() === line.trimEnd())) return text;
  return joinLines([...lines, line], true);
}

export interface SetKeyOptions {
  /** What goes between key and value on the written line: ' = ' (sysctl, default), '=', ': ' (chasquid), ' '. */
  separator?: string;
  /** Comment characters a disabled setting may start with. */
  commentChars?: string;
}

/**
 * Make `key` have `value`: rewrite the first active line that sets it (dropping
 * later active duplicates, which would otherwise win), else turn the first
 * commented-out setting of the key into the active one, else append.
 */
export function setKey(text: string, key: string, value: string, options: SetKeyOptions = {}): string {
  const separator = options.separator ?? ' = ';
  const comment = escapeRegExp(options.commentChars ?? '#;');
  const sepChar = separator.trim();
  // The key must be followed by the same kind of separator, so prose in a comment that merely names the key is left alone.
  const after = sepChar === '' ? '\\s' : `\\s*${escapeRegExp(sepChar)}`;
  const active = new RegExp(`^\\s*${escapeRegExp(key)}${after}`);
  const commented = new RegExp(`^\\s*[${comment}]+\\s*${escapeRegExp(key)}${after}`);
  const wanted = `${key}${separator}${value}`;
  const { lines, finalNewline } = splitLines(text);

  const firstActive = lines.findIndex((l) => active.test(l));
  if (firstActive !== -1) {
    const out = lines.filter((l, i) => i <= firstActive || !active.test(l));
    out[firstActive] = wanted;
    return joinLines(out, finalNewline);
  }
  const firstCommented = lines.findIndex((l) => commented.test(l));
  if (firstCommented !== -1) {
    const out = [...lines];
    out[firstCommented] = wanted;
    return joinLines(out, finalNewline);
  }
  return joinLines([...lines, wanted], true);
}

/**
 * Uncomment the lines whose commented-out content satisfies `predicate`
 * (e.g. the IPv6 address a provider ships commented out in netplan). The
 * indentation before the `#` is kept, and a hash in column 0 keeps what
 * follows it as is, so YAML nesting survives.
 */
export function uncommentLines(text: string, predicate: (content: string) => boolean): string {
  const { lines, finalNewline } = splitLines(text);
  const out = lines.map((line) => {
    const match = /^(\s*)#+(.*)$/.exec(line);
    if (!match) return line;
    const indent = match[1]!;
    const rest = match[2]!;
    if (!predicate(rest.trim())) return line;
    return indent === '' ? rest.replace(/^ (?=\S)/, '') : indent + rest.replace(/^ /, '');
  });
  return joinLines(out, finalNewline);
}

export interface BlockOptions {
  /** Comment leader for the marker lines. Default '#'. */
  comment?: string;
}

/**
 * Keep `block` between `# BEGIN mailsetup MARKER` and `# END mailsetup MARKER`:
 * replaced in place when the markers exist, appended otherwise. Lines outside
 * the markers are never touched.
 */
export function ensureBlock(text: string, marker: string, block: string, options: BlockOptions = {}): string {
  const comment = options.comment ?? '#';
  const begin = `${comment} BEGIN mailsetup ${marker}`;
  const end = `${comment} END mailsetup ${marker}`;
  const body = block === '' ? [] : splitLines(block).lines;
  const { lines, finalNewline } = splitLines(text);
  const start = lines.findIndex((l) => l.trim() === begin);
  const stop = start === -1 ? -1 : lines.findIndex((l, i) => i > start && l.trim() === end);
  if (start !== -1 && stop !== -1) {
    return joinLines([...lines.slice(0, start + 1), ...body, ...lines.slice(stop)], finalNewline);
  }
  return joinLines([...lines, begin, ...body, end], true);
}
