// chasquid.conf is protobuf text format (`key: "value"` lines). Debian's file
// lists every option commented out with its default; setting an option
// replaces its active line, or the commented default, or appends, so the
// file keeps its comments and a rerun finds nothing to change.

const escape = (value: string) => value.replace(/\\/g, '\\\\').replace(/"/g, '\\"');

export function setConfValue(content: string, key: string, value: string): string {
  const line = `${key}: "${escape(value)}"`;
  const lines = content.split('\n');
  const active = new RegExp(`^\\s*${key}\\s*:`);
  const commented = new RegExp(`^\\s*#\\s*${key}\\s*:`);
  const activeAt = lines.findIndex((l) => active.test(l));
  if (activeAt >= 0) {
    lines[activeAt] = line;
    // A repeated key is a mistake that a person may have made; drop the
    // others so the value is not ambiguous.
    return lines.filter((l, i) => i === activeAt || !active.test(l)).join('\n');
  }
  const commentedAt = lines.findIndex((l) => commented.test(l));
  if (commentedAt >= 0) {
    lines.splice(commentedAt + 1, 0, line);
    return lines.join('\n');
  }
  const body = content.endsWith('\n') || content === '' ? content : `${content}\n`;
  return `${body}${line}\n`;
}

/** Active values of a repeated or single key, unquoted. */
export function getConfValues(content: string, key: string): string[] {
  const re = new RegExp(`^\\s*${key}\\s*:\\s*"((?:[^"\\\\]|\\\\.)*)"`);
  return content
    .split('\n')
    .map((l) => re.exec(l)?.[1])
    .filter((v): v is string => v !== undefined)
    .map((v) => v.replace(/\\(.)/g, '$1'));
}
