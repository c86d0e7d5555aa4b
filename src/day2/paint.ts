// Colour for the day-two commands' plain output: only on a terminal, and
// never when NO_COLOR is set (the same rule as the check report).
import { useColor } from '../checks/report.js';

export type Tone = 'ok' | 'warn' | 'error' | 'info' | 'dim';

const CODES: Record<Tone, string> = { ok: '32', warn: '33', error: '31;1', info: '0', dim: '2' };

export function painter(color = useColor()): (tone: Tone, text: string) => string {
  return (tone, text) => (color && tone !== 'info' ? `\x1b[${CODES[tone]}m${text}\x1b[0m` : text);
}
