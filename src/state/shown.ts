// How an error repeats a value it refuses: JSON-quoted, so a line break or a
// terminal escape shows as `\n` or `\u001b` instead of acting on the screen,
// and cut short, so a 5 MB answer does not come back as a 5 MB message.

/** Characters of a refused value an error repeats. */
export const SHOWN_MAX = 80;

// JSON escapes only C0 controls: DEL, the C1 controls (0x9b is an 8-bit CSI)
// and the bidirectional overrides (which reorder what the reader sees) too.
const UNSAFE = /[\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;
const escaped = (text: string) => JSON.stringify(text).replace(UNSAFE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);

export function shown(value: unknown, max = SHOWN_MAX): string {
  const text = typeof value === 'string' ? value : (JSON.stringify(value) ?? String(value));
  if (text.length <= max) return escaped(text);
  return `${escaped(text.slice(0, max))}... (${text.length} characters)`;
}
