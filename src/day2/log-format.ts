// How one log line is shown: routine lines as they are, successes green,
// trouble highlighted with its one-line explanation underneath.
import type { Classified } from './log-classify.js';
import type { Tone } from './paint.js';

export function formatLogLine(line: string, c: Classified, paint: (tone: Tone, text: string) => string): string {
  const tone: Tone = c.severity === 'info' ? 'info' : c.severity;
  const marker = c.severity === 'error' ? '✗ ' : c.severity === 'warn' ? '! ' : c.severity === 'ok' ? '✓ ' : '  ';
  const shown = paint(tone, `${marker}${line}`);
  return c.explain ? `${shown}\n${paint(tone, `    → ${c.explain}`)}` : shown;
}
