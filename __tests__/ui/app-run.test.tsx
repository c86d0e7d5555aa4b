// The run's two new stops, driven through the whole App by keys: a failed
// step nothing later needs can be skipped (the run goes again with it
// skipped, and the summary says so), and the DNS step's records screen holds
// the run until Enter. The controller is a test double (the UI does no remote
// I/O); the real one is driven on the lab in __tests__/terminal/wizard.test.ts.
import { generateKeyPairSync } from 'node:crypto';
import { render } from 'ink-testing-library';
import { tick, until } from './keys.js';
import { reviewBy } from './prepared.js';
import { runReport } from './report.js';
import { dkimFromKey, dkimValue } from '../../src/dns/dkim.js';
import { planChanges } from '../../src/dns/providers/plan.js';
import { buildRecords } from '../../src/dns/records.js';
import { parseAnswersYaml } from '../../src/state/answers-file.js';
import { App } from '../../src/ui/App.js';
import type { RunReport, WizardController } from '../../src/ui/controller.js';

const { answers, secrets } = parseAnswersYaml(
  'host: {address: 203.0.113.7}\ndomain: example.com\ntls: {dnsProvider: dns_cf}\nsenders: [i@example.com]\n' +
    'dns: {provider: manual}\nsecrets: {senders: {i@example.com: Sup3r-Secret-Pw}, dnsCredentials: {CF_Token: cf-token-value}}\n',
);

const base: RunReport = runReport();

function gate() {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { open, opened };
}

test('a failed IPv6 step -> Skip this step -> the run goes on without it -> the summary says what is left undone', async () => {
  const started = gate();
  const calls: (string[] | undefined)[] = [];
  const controller: WizardController = {
    // Start on the Review screen hands over to `run` below.
    review: reviewBy((input) => controller.run(input)),
    status: async () => [],
    resumeInfo: async () => null,
    prepareChange: async () => {
      throw new Error('not used here');
    },
    run: async ({ skip }) => {
      calls.push(skip);
      await started.opened;
      if (!skip?.includes('ipv6')) return { ...base, ok: false, failedStep: 'ipv6', failedSkippable: 'IPv6 stays off', error: 'netplan: no IPv6 gateway' };
      return { ...base, skipped: [{ title: 'IPv6', leaves: 'IPv6 stays off' }] };
    },
  };
  const ui = render(<App controller={controller} initial={answers} initialSecrets={secrets} resume={null} onExit={() => undefined} />);
  await until(ui, /Setting up/, '\r');
  started.open();
  const failed = await until(ui, /Skip this step/);
  expect(failed).toContain('Stopped at "ipv6"');
  ui.stdin.write('\x1b[B');
  await tick();
  // A second Enter, as an impatient person presses it, still starts one run only.
  ui.stdin.write('\r');
  ui.stdin.write('\r');
  await until(ui, /DNS records/);
  const summary = await until(ui, /Ready, with 1 step skipped\./, '\r');
  expect(calls).toEqual([[], ['ipv6']]);
  expect(summary).toContain('Skipped "IPv6": IPv6 stays off.');
  ui.unmount();
});

test('the DNS records screen holds the run until Enter ("I added them")', async () => {
  const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const plan = buildRecords({
    domain: 'example.com',
    hostname: 'smtp.example.com',
    ipv4: ['203.0.113.7'],
    ipv6: [],
    dkim: { selector: 'ms20261128', publicRecord: dkimValue(dkimFromKey(rsa.publicKey.export({ type: 'spki', format: 'pem' }))) },
    dmarc: { p: 'quarantine', fo: '1' },
    receiving: false,
    existingApexTxt: [],
  });
  const started = gate();
  let reviewed = false;
  const controller: WizardController = {
    // Start on the Review screen hands over to `run` below.
    review: reviewBy((input) => controller.run(input)),
    status: async () => [],
    resumeInfo: async () => null,
    prepareChange: async () => {
      throw new Error('not used here');
    },
    run: async ({ io }) => {
      await started.opened;
      await io.reviewRecords!({ domain: 'example.com', provider: 'manual', records: plan.records, changes: planChanges(plan.records, []) });
      reviewed = true;
      return base;
    },
  };
  const ui = render(<App controller={controller} initial={answers} initialSecrets={secrets} resume={null} onExit={() => undefined} />);
  await until(ui, /Setting up/, '\r');
  started.open();
  const screen = await until(ui, /DNS records for example\.com/);
  expect(screen).toContain('Enter: I added them');
  expect(screen).toContain('+ TXT  ms20261128._domainkey');
  // Arrow keys scroll; nothing else lets the run go on.
  ui.stdin.write('\x1b[B');
  await tick();
  ui.stdin.write('q');
  await tick();
  expect(reviewed).toBe(false);
  ui.stdin.write('\r');
  await until(ui, /These are at your DNS provider now/);
  expect(reviewed).toBe(true);
  ui.unmount();
});
