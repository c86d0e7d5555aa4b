// The narration of a day-two change as the wizard shows it: the day-two
// code's tones mapped to the screen's colours, and only the newest lines kept.
import type { Tone } from '../day2/paint.js';

export interface ChangeLine {
  text: string;
  tone: Tone;
}

export const TONE_COLOR = { ok: 'green', warn: 'yellow', error: 'red', dim: 'gray', info: undefined } as const;

/** Keep a long narration (a certificate client's output) bounded. */
export const KEEP_LINES = 200;

export const appendLine = (lines: ChangeLine[], line: ChangeLine): ChangeLine[] => [...lines, line].slice(-KEEP_LINES);
