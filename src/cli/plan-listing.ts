// The plan as `--dry-run` prints it, one block per step: the same lines the
// wizard's "show the exact commands" view lists.
import { listRecords } from '../remote/dry-run.js';
import type { StepPlan } from '../tasks/plan.js';

export function planListing(plans: StepPlan[]): string[] {
  const out: string[] = [];
  for (const plan of plans) {
    out.push('', `== ${plan.title} ==`);
    if (!plan.needed) out.push('  (not needed with your answers)');
    else if (plan.records.length === 0) out.push('  nothing to change');
    else out.push(...listRecords(plan.records).split('\n').map((line) => `  ${line}`));
    if (plan.error) out.push(`  ! could not plan this step without running the ones before it: ${plan.error}`);
  }
  const partial = plans.filter((p) => p.error).length;
  if (partial) out.push('', `${partial} step(s) depend on earlier changes; their listing is partial.`);
  return out;
}
