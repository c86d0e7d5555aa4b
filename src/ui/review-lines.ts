// The Review screen's body: per step, what the run will change on this
// server, in words (install, create, change, restart, firewall, publish), with the
// changed lines of a file that exists. Pure, so it is tested without Ink.
import type { StepReview } from '../tasks/plan-summary.js';

export interface ReviewLine {
  text: string;
  tone?: 'green' | 'red' | 'yellow' | 'gray' | 'cyan';
}

/** Changed lines shown per file; the exact commands view has the whole diff. */
const DIFF_LINES = 6;

export function reviewLines(steps: StepReview[]): ReviewLine[] {
  if (steps.length === 0) return [{ text: 'Nothing to change: the server already matches your answers.', tone: 'green' }];
  const out: ReviewLine[] = [];
  for (const step of steps) {
    out.push({ text: step.title, tone: 'cyan' });
    if (step.packages.length) out.push({ text: `  install ${step.packages.join(' ')}` });
    for (const file of step.files) {
      out.push({ text: `  ${file.created ? 'create' : 'change'} ${file.path}` });
      for (const line of file.diff.slice(0, DIFF_LINES)) out.push({ text: `    ${line}`, tone: line.startsWith('+') ? 'green' : line.startsWith('-') ? 'red' : 'gray' });
      if (file.diff.length > DIFF_LINES) out.push({ text: `    … ${file.diff.length - DIFF_LINES} more changed lines (see the exact commands)`, tone: 'gray' });
    }
    for (const service of step.services) out.push({ text: `  ${service}` });
    for (const rule of step.firewall) out.push({ text: `  firewall: ${rule}` });
    for (const record of step.records) out.push({ text: `  publish ${record}` });
    if (step.commands) out.push({ text: `  and ${step.commands} more command${step.commands > 1 ? 's' : ''} (see the exact commands)`, tone: 'gray' });
    if (step.partial) out.push({ text: `  more once the steps before it ran (${step.partial})`, tone: 'yellow' });
  }
  return out;
}
