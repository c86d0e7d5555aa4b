// The last lines of a run: what failed and what to do, or where things are.
import type { RunOutcome } from '../tasks/runner.js';
import type { Session } from '../session/session.js';

export function printOutcome(outcome: RunOutcome, session: Session, lab = false): number {
  const out = process.stdout;
  if (outcome.ok) {
    out.write(`\n✔ All steps done on ${session.remote.target}.\n`);
  } else {
    process.stderr.write(`\n✖ Step "${outcome.failedStep ?? '?'}" failed:\n${indent(outcome.error?.message ?? 'unknown error')}\n`);
    process.stderr.write('  Progress is saved: fix the cause and run the same command again to resume.\n');
  }
  out.write(`  state: ${session.store.file}\n`);
  if (session.logger.file) out.write(`  log:   ${session.logger.file}\n`);
  out.write(`  re-check any time: ${lab ? 'mailsetup --lab --check' : `mailsetup --check --host ${session.remote.target}`}\n`);
  return outcome.ok ? 0 : 1;
}

const indent = (text: string) =>
  text
    .split('\n')
    .map((l) => `  ${l}`)
    .join('\n');
