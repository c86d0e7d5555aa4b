// The day-two commands and their own flags, kept free of imports so that
// argv parsing (and `--help`) stays as light as before.
export const DAY2_MODES = ['logs', 'senders', 'forward', 'cert', 'dkim', 'hostname', 'domain', 'watch'] as const;
export type Day2Mode = (typeof DAY2_MODES)[number];

export const isDay2Mode = (word: string | undefined): word is Day2Mode => (DAY2_MODES as readonly string[]).includes(word ?? '');

export const day2Options = {
  follow: { type: 'boolean', short: 'f' },
  since: { type: 'string' },
  lines: { type: 'string', short: 'n' },
  generate: { type: 'boolean' },
  selector: { type: 'string' },
  at: { type: 'string' },
  to: { type: 'string' },
  webhook: { type: 'string' },
  weekly: { type: 'boolean' },
} as const;

export interface Day2Request {
  /** The words after the mode: `add i@example.com`, `rotate`, ... */
  words: string[];
  follow: boolean;
  since?: string;
  lines?: number;
  /** senders: make up a password and show it once instead of asking. */
  generate: boolean;
  /** dkim rotate: the new selector (default: derived from the date). */
  selector?: string;
  /** watch on: the daily time (HH:MM, the server's clock), the mailbox told, a webhook instead of mail, a weekly "all good". */
  watch?: { at?: string; to?: string; webhook?: string; weekly: boolean };
}
