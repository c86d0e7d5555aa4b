// The Review screen's side of a controller test double: planning returns a
// prepared run whose Start hands over to the double's `run`, so the tests of
// the run's own screens pass the review as a person does (Start).
import type { StepReview } from '../../src/tasks/plan-summary.js';
import type { PreparedRun, WizardController } from '../../src/ui/controller.js';

export function reviewBy(run: WizardController['run'], steps: StepReview[] = [], over: Partial<PreparedRun> = {}): WizardController['review'] {
  return async ({ answers, secrets, io }) => ({
    target: `${answers.host.user}@${answers.host.address}:${answers.host.port}`,
    hostKey: 'SHA256:F1ffw7jt0RjMjx5CT4zs5escQhOB0pmlJ+oxeVGSLjg',
    steps,
    commands: ['== SMTP server (chasquid) ==', '  $ apt-get install -y chasquid'],
    start: (choice) => run({ answers, secrets, io, ...choice }),
    cancel: async () => undefined,
    ...over,
  });
}
