// The summary after a run offers Status and logs (key s); Enter there comes
// back to the summary, not to the resume screen. The whole App is driven by
// keys; its controller is a test double (the UI does no remote I/O), the
// real one is driven on the lab in __tests__/terminal/changes.test.ts.
import { jest } from '@jest/globals';
import { render } from 'ink-testing-library';
import { tick, until } from './keys.js';
import { reviewBy } from './prepared.js';
import { runReport } from './report.js';
import { parseAnswersYaml } from '../../src/state/answers-file.js';
import { App } from '../../src/ui/App.js';
import type { RunReport, WizardController } from '../../src/ui/controller.js';

test('summary -> s -> Status and logs -> Enter -> the summary again -> Enter quits', async () => {
  const { answers, secrets } = parseAnswersYaml(
    'host: {address: 203.0.113.7}\ndomain: example.com\ntls: {dnsProvider: dns_cf}\nsenders: [i@example.com]\n' +
      'secrets: {senders: {i@example.com: Sup3r-Secret-Pw}, dnsCredentials: {CF_Token: cf-token-value}}\n',
  );
  const report: RunReport = runReport({ recordsTable: 'example.com TXT v=spf1 mx -all', ptr: [{ ip: '203.0.113.7', value: 'smtp.example.com' }] });
  const status = jest.fn(async () => ['chasquid     active since today', 'listening    25, 465, 587']);
  const controller: WizardController = {
    // Start on the Review screen hands over to `run` below.
    review: reviewBy((input) => controller.run(input)),
    status,
    resumeInfo: async () => null,
    run: async () => report,
    prepareChange: async () => {
      throw new Error('not used here');
    },
  };
  const exit = jest.fn();
  const ui = render(<App controller={controller} initial={answers} initialSecrets={secrets} resume={null} onExit={exit} />);
  // Every question is prefilled: Enter through them all, then through the result pages.
  const summary = await until(ui, /s: status and logs/, '\r');
  expect(summary).toMatch(/Summary|ready|Checks:/);
  expect(status).not.toHaveBeenCalled();
  ui.stdin.write('s');
  const page = await until(ui, /listening {4}25, 465, 587/);
  expect(page).toContain('Status and logs');
  expect(status).toHaveBeenCalledTimes(1);
  ui.stdin.write('\r');
  await until(ui, /s: status and logs/);
  expect(ui.lastFrame()).not.toContain('Welcome back');
  expect(exit).not.toHaveBeenCalled();
  ui.stdin.write('\r');
  await tick();
  expect(exit).toHaveBeenCalledWith(0);
  ui.unmount();
});

test('from the resume screen, Change the server and Status and logs replace the setup steps in the list', async () => {
  const { answers, secrets } = parseAnswersYaml('host: {address: 203.0.113.7}\ndomain: example.com\ntls: {dnsProvider: dns_cf}\n');
  const controller: WizardController = {
    // Start on the Review screen hands over to `run` below.
    review: reviewBy((input) => controller.run(input)),
    status: async () => ['chasquid     active since today'],
    resumeInfo: async () => null,
    run: async () => {
      throw new Error('not used here');
    },
    prepareChange: async () => {
      throw new Error('not used here');
    },
  };
  const resume = { host: 'root@203.0.113.7:22', steps: [{ id: 'preflight', title: 'Check the server', status: 'done' }] };
  const ui = render(<App controller={controller} initial={answers} initialSecrets={secrets} resume={resume} onExit={() => undefined} />);
  const welcome = await until(ui, /What now\?/);
  expect(welcome).toContain('Certificate');
  for (let i = 0; i < 4; i++) ui.stdin.write('\x1b[B');
  await tick();
  ui.stdin.write('\r');
  const menu = await until(ui, /Which change\?/);
  expect(menu).toMatch(/❯ Change the server/);
  expect(menu).not.toContain('Certificate');
  ui.stdin.write('\x1b');
  const back = await until(ui, /What now\?/);
  expect(back).toContain('Certificate');
  for (let i = 0; i < 3; i++) ui.stdin.write('\x1b[B');
  await tick();
  ui.stdin.write('\r');
  const status = await until(ui, /active since today/);
  expect(status).toMatch(/❯ Status and logs/);
  expect(status).not.toContain('Certificate');
  ui.unmount();
});
