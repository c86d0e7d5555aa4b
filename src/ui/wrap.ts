// Text for the wizard's right column is wrapped, never cut: a fix, a PTR
// value or a DKIM key must be readable (and copyable) whole at 80x24.

/** The wizard's right column. */
export const PANE_WIDTH = 56;

/** Wrap at spaces; a token longer than a line (a DKIM key) is broken, not elided. */
export function wrapHard(text: string, width: number): string[] {
  const out: string[] = [];
  let current = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    let w = word;
    if (current && current.length + 1 + w.length > width) {
      out.push(current);
      current = '';
    }
    while ((current ? current.length + 1 : 0) + w.length > width) {
      const room = width - (current ? current.length + 1 : 0);
      out.push(current ? `${current} ${w.slice(0, room)}` : w.slice(0, room));
      current = '';
      w = w.slice(room);
    }
    current = current ? `${current} ${w}` : w;
  }
  out.push(current);
  return out;
}

/**
 * One line of a page as the rows it takes: a line that fits is kept as it is
 * (spacing inside it too, e.g. aligned columns); a longer one is wrapped with
 * its continuation rows indented two more than the line itself, so a list's
 * items stay apart.
 */
export function wrapIndented(text: string, width = PANE_WIDTH): string[] {
  if (text.length <= width) return [text];
  const indent = /^ */.exec(text)![0];
  const rest = indent.length + 2 < width / 2 ? `${indent}  ` : '';
  const [first, ...more] = wrapHard(text.slice(indent.length), width - rest.length);
  return [`${indent}${first}`, ...more.map((row) => `${rest}${row}`)];
}
