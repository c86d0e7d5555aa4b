// The checks that end a day-two change, printed the way `--check` prints
// them, and the exit code they mean (0 all good, 1 a failure).
import { exitCode, SYMBOLS } from '../../checks/report.js';
import type { CheckResult } from '../../checks/types.js';
import type { Tone } from '../../day2/paint.js';

export function printChecks(results: CheckResult[], paint: (tone: Tone, text: string) => string, say: (line: string) => void): number {
  say('');
  say('Checks:');
  for (const c of results) {
    const tone: Tone = c.status === 'ok' ? 'ok' : c.status === 'warn' ? 'warn' : c.status === 'fail' ? 'error' : 'dim';
    say(paint(tone, `  ${SYMBOLS[c.status]} ${c.title}${c.details ? `: ${c.details}` : ''}`));
    if (c.fix && c.status !== 'ok') say(`      fix: ${c.fix}`);
  }
  return exitCode(results) === 0 ? 0 : 1;
}
