// "This run changed nothing", read the way a person reads it: every step line
// says it was already done (or not needed with these answers), and the run's
// log holds no file write. The rerun of every end-to-end test asks this.
import { expect } from '@jest/globals';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

/** The lines of the newest log a run left in its state dir. */
export function lastLog(stateDir: string): string[] {
  const dir = join(stateDir, 'logs');
  const newest = readdirSync(dir).sort().at(-1)!;
  return readFileSync(join(dir, newest), 'utf8').split('\n');
}

/** Every step of `out` verified as done or not called for, and no file written in the run logged in `stateDir`. */
export function expectNothingChanged(out: string, stateDir: string): void {
  const stepLines = out.split('\n').filter((l) => /^↓ .*\[SKIPPED: /.test(l) || /^✔ (?!All steps)/.test(l));
  // A step the answers do not call for (MTA-STS served elsewhere or not at all) is skipped as such: no change either.
  expect(stepLines.filter((l) => !/already done|not needed with your answers/.test(l))).toEqual([]);
  expect(lastLog(stateDir).filter((l) => /^\S+ write /.test(l))).toEqual([]);
}
