// Text that came from the server (command output, file names, log lines,
// versions) on its way to a screen, a log or a report. A compromised server
// chooses every byte of it, so before it is shown: control characters
// (terminal escapes, carriage returns that overwrite a line, the 8-bit CSI)
// and bidirectional overrides become visible escapes, and a line is cut
// short instead of flooding the terminal.

/** Longest piece of server text shown whole. */
export const SERVER_TEXT_MAX = 1000;

// C0 but tab and line feed, DEL, C1, and the bidi controls that reorder what the reader sees.
const UNSAFE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

export function serverText(text: string, max = SERVER_TEXT_MAX): string {
  const cut = text.length > max ? `${text.slice(0, max)}... (${text.length - max} more characters)` : text;
  return cut.replace(UNSAFE, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}

/** One line of server output: as serverText, with a line feed shown as an escape too. */
export const serverLine = (line: string, max = SERVER_TEXT_MAX): string => serverText(line, max).replace(/\n/g, '\\n');
