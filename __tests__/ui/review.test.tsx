// The Review screen between the last answer and the run, driven through the
// whole App by keys: it shows the target and the plan, Start is a choice of
// its own, "Show the exact commands" lists the dry run, and Esc goes back to
// the answers with the connection closed and nothing run. The controller is
// a test double (the UI does no remote I/O); the real one is driven on the
// lab in __tests__/terminal/review.test.ts.
import { render } from 'ink-testing-library';
import { DOWN, ENTER, ESC, tick, until } from './keys.js';
import { reviewBy } from './prepared.js';
import { runReport } from './report.js';
import { parseAnswersYaml } from '../../src/state/answers-file.js';
import type { StepReview } from '../../src/tasks/plan-summary.js';
import { App } from '../../src/ui/App.js';
import type { WizardController } from '../../src/ui/controller.js';

const { answers, secrets } = parseAnswersYaml(
  'host: {address: 203.0.113.7, port: 2222}\ndomain: example.com\ntls: {dnsProvider: dns_cf}\nsenders: [i@example.com]\n' +
    'dns: {provider: manual}\nsecrets: {senders: {i@example.com: Sup3r-Secret-Pw}, dnsCredentials: {CF_Token: cf-token-value}}\n',
);

const chasquid: StepReview = {
  id: 'chasquid',
  title: 'SMTP server (chasquid)',
  packages: ['chasquid', 'python3-dkim'],
  files: [{ path: '/etc/chasquid/chasquid.conf', created: false, diff: ['-hostname: "old.example.com"', '+hostname: "smtp.example.com"'] }],
  services: ['restart chasquid'],
  records: [],
  firewall: [],
  commands: 2,
};

/** Enter through the prefilled questions to the last one, then once more: no Enter can reach the review by accident. */
async function toReview(ui: ReturnType<typeof render>, shown: RegExp = /Review: nothing has changed yet/): Promise<string> {
  await until(ui, /Send a test mail to/, ENTER);
  ui.stdin.write(ENTER);
  return until(ui, shown);
}

function controllerWith(steps: StepReview[]) {
  const calls = { reviews: 0, runs: 0, cancels: 0 };
  const controller: WizardController = {
    status: async () => [],
    resumeInfo: async () => null,
    prepareChange: async () => {
      throw new Error('not used here');
    },
    review: async (input) => {
      calls.reviews++;
      return reviewBy(controller.run, steps, { cancel: async () => void calls.cancels++ })(input);
    },
    run: async () => {
      calls.runs++;
      return runReport();
    },
  };
  return { controller, calls };
}

test('the plan of this server, the exact commands, Esc back to the answers, then Start runs once', async () => {
  const { controller, calls } = controllerWith([chasquid]);
  const ui = render(<App controller={controller} initial={answers} initialSecrets={secrets} resume={null} onExit={() => undefined} />);
  const review = await toReview(ui);
  expect(review).toContain('Target: root@203.0.113.7:2222');
  expect(review).toContain('SHA256:F1ffw7jt0RjMjx5CT4zs5escQhOB0pmlJ+oxeVGSLjg');
  expect(review).toContain('install chasquid python3-dkim');
  expect(review).toContain('change /etc/chasquid/chasquid.conf');
  expect(review).toContain('+hostname: "smtp.example.com"');
  expect(review).toContain('restart chasquid');
  expect(review).toContain('and 2 more commands');
  expect(review).toMatch(/❯ Start/);
  // Reaching the review ran nothing.
  expect(calls.runs).toBe(0);

  ui.stdin.write(DOWN);
  await tick();
  ui.stdin.write(ENTER);
  const commands = await until(ui, /The exact commands/);
  expect(commands).toContain('$ apt-get install -y chasquid');
  ui.stdin.write(ENTER);
  await until(ui, /Review: nothing has changed yet/);

  ui.stdin.write(ESC);
  const back = await until(ui, /Send a test mail to/);
  expect(back).not.toContain('Review: nothing');
  await tick();
  expect(calls).toEqual({ reviews: 1, runs: 0, cancels: 1 });

  // Enter on the last screen plans again; Start is the first choice.
  ui.stdin.write(ENTER);
  await until(ui, /Review: nothing has changed yet/);
  expect(calls.reviews).toBe(2);
  // Two Enters, as an impatient person presses them: one run.
  ui.stdin.write(ENTER);
  ui.stdin.write(ENTER);
  await until(ui, /DNS records|Your mail server is ready|Summary/);
  expect(calls.runs).toBe(1);
  ui.unmount();
});

test('a provisioned server: the review says there is nothing to change', async () => {
  const { controller } = controllerWith([]);
  const ui = render(<App controller={controller} initial={answers} initialSecrets={secrets} resume={null} onExit={() => undefined} />);
  const review = await toReview(ui);
  expect(review).toContain('Nothing to change: the server already matches');
  expect(review).toMatch(/❯ Start \(run the checks\)/);
  ui.unmount();
});

test('a failed connect shows the Failed screen with its reason, no review', async () => {
  const { controller } = controllerWith([]);
  controller.review = async () => ({ failed: runReport({ ok: false, failedStep: 'connect', error: 'cannot connect to root@203.0.113.7:2222: ECONNREFUSED' }) });
  const ui = render(<App controller={controller} initial={answers} initialSecrets={secrets} resume={null} onExit={() => undefined} />);
  const failed = await toReview(ui, /ECONNREFUSED/);
  expect(failed).not.toContain('Review: nothing');
  ui.unmount();
});

test('a new host key is confirmed on the way to the review, before the plan is made', async () => {
  const { controller } = controllerWith([chasquid]);
  let trusted: boolean | undefined;
  const plan = controller.review;
  controller.review = async (input) => {
    trusted = await input.io.confirmHostKey('SHA256:F1ffw7jt0RjMjx5CT4zs5escQhOB0pmlJ+oxeVGSLjg', '203.0.113.7:2222');
    return plan(input);
  };
  const ui = render(<App controller={controller} initial={answers} initialSecrets={secrets} resume={null} onExit={() => undefined} />);
  const ask = await toReview(ui, /Trust this key\?/);
  expect(ask).toContain('Looking at 203.0.113.7');
  expect(ask).not.toContain('Review: nothing');
  ui.stdin.write(ENTER);
  await until(ui, /Review: nothing has changed yet/);
  expect(trusted).toBe(true);
  ui.unmount();
});
