// chasquid's per-domain aliases file (`user: target, ...`, `*` catch-all).
// Pure edits: set one alias line, or drop one, leaving every other line and
// comment as the user wrote it.

const aliasLine = (user: string, targets: string) => `${user}: ${targets}`;

function keyOf(line: string): string | undefined {
  if (/^\s*#/.test(line)) return undefined;
  const m = /^\s*([^\s:#]+)\s*:/.exec(line);
  return m?.[1]?.toLowerCase();
}

export function setAlias(content: string, user: string, targets: string): string {
  const wanted = aliasLine(user, targets);
  const lines = content === '' ? [] : content.replace(/\n$/, '').split('\n');
  const at = lines.findIndex((l) => keyOf(l) === user.toLowerCase());
  if (at >= 0) {
    if (lines[at] === wanted) return content;
    lines[at] = wanted;
    return `${lines.filter((l, i) => i === at || keyOf(l) !== user.toLowerCase()).join('\n')}\n`;
  }
  return `${[...lines, wanted].join('\n')}\n`;
}

export function removeAlias(content: string, user: string): string {
  const lines = content.replace(/\n$/, '').split('\n');
  const kept = lines.filter((l) => keyOf(l) !== user.toLowerCase());
  return kept.length === lines.length ? content : kept.length ? `${kept.join('\n')}\n` : '';
}

export function aliasTargets(content: string, user: string): string | undefined {
  for (const line of content.split('\n')) {
    if (keyOf(line) === user.toLowerCase()) return line.slice(line.indexOf(':') + 1).trim();
  }
  return undefined;
}
