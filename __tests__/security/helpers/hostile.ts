// Counts the hostile inputs the suite tries. Each test file that sends
// hostile values says how many; the summary reporter adds them up for the
// run and prints the total, so a list that shrinks shows in the output.
import { appendFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';

export const HOSTILE_LOG = join(process.cwd(), '.artifacts', 'hostile-inputs.jsonl');

/** Record that `n` hostile inputs of `group` are tried by this file. */
export function tried(group: string, n: number): void {
  mkdirSync(join(process.cwd(), '.artifacts'), { recursive: true });
  appendFileSync(HOSTILE_LOG, `${JSON.stringify({ group, n })}\n`);
}

/** The cases of a table of hostile inputs, counted. */
export function hostile<T>(group: string, cases: T[]): T[] {
  tried(group, cases.length);
  return cases;
}
