// The Review screen's words for a dry run's records: the records come from a
// real DryRunRemote (the one --dry-run uses), whose "server" is another
// DryRunRemote holding the files that exist already.
import { DryRunRemote } from '../../src/remote/dry-run.js';
import { sh } from '../../src/remote/quote.js';
import { openPortsCommand } from '../../src/checks/firewall.js';
import { reviewOf } from '../../src/tasks/plan-summary.js';
import type { StepPlan } from '../../src/tasks/plan.js';
import { reviewLines } from '../../src/ui/review-lines.js';

async function serverWith(files: Record<string, string>): Promise<DryRunRemote> {
  const server = new DryRunRemote();
  for (const [path, content] of Object.entries(files)) await server.writeFile(path, content);
  return server;
}

const plan = (id: string, records: DryRunRemote['records'], over: Partial<StepPlan> = {}): StepPlan => ({ id, title: id, needed: true, records, ...over });

test('packages, new and changed files (with the changed lines), services, records and other commands, per step', async () => {
  const dry = new DryRunRemote(await serverWith({ '/etc/sysctl.conf': 'keep = 1\nipv6 = 1\n' }));
  await dry.exec(sh`export DEBIAN_FRONTEND=noninteractive NEEDRESTART_MODE=a; apt-get -o DPkg::Lock::Timeout=600 update -q`);
  await dry.exec(sh`export DEBIAN_FRONTEND=noninteractive; apt-get -o DPkg::Lock::Timeout=600 install -y -q --no-install-recommends ${'chasquid'} lego`);
  await dry.writeFile('/etc/sysctl.conf', 'keep = 1\nipv6 = 0\n');
  await dry.writeFile('/etc/chasquid/chasquid.conf', 'hostname: "smtp.example.test"\n');
  await dry.exec(sh`: write ${'/etc/mailsetup/dns-credentials.env'} with mode 0600, content not shown: it holds credentials`);
  await dry.exec(sh`systemctl enable --now mailsetup-certificate.timer >/dev/null 2>&1`);
  await dry.exec(sh`systemctl restart ${'chasquid'}`);
  await dry.exec(sh`: publish add TXT ${'_dmarc.example.test'} ${'v=DMARC1; p=quarantine'}`);
  await dry.exec(openPortsCommand({ tool: 'ufw', closed: [25, 465] }, [25, 465])!);
  await dry.exec(sh`install -d -m 0755 /etc/chasquid/domains/example.test`);
  const [step] = reviewOf([plan('chasquid', dry.records)]);
  expect(step).toEqual({
    id: 'chasquid',
    title: 'chasquid',
    packages: ['chasquid', 'lego'],
    files: [
      { path: '/etc/sysctl.conf', created: false, diff: ['-ipv6 = 1', '+ipv6 = 0'] },
      { path: '/etc/chasquid/chasquid.conf', created: true, diff: [] },
      { path: '/etc/mailsetup/dns-credentials.env', created: false, diff: ['(content not shown: it holds credentials)'] },
    ],
    services: ['enable mailsetup-certificate.timer', 'restart chasquid'],
    records: ["add TXT _dmarc.example.test 'v=DMARC1; p=quarantine'"],
    firewall: ['ufw allow 25/tcp && ufw allow 465/tcp'],
    // The package-list refresh is not counted: it runs only when the list is stale, and changes nothing of the setup.
    commands: 1,
  });
  const text = reviewLines([step!]).map((l) => l.text);
  expect(text).toEqual([
    'chasquid',
    '  install chasquid lego',
    '  change /etc/sysctl.conf',
    '    -ipv6 = 1',
    '    +ipv6 = 0',
    '  create /etc/chasquid/chasquid.conf',
    '  change /etc/mailsetup/dns-credentials.env',
    '    (content not shown: it holds credentials)',
    '  enable mailsetup-certificate.timer',
    '  restart chasquid',
    '  firewall: ufw allow 25/tcp && ufw allow 465/tcp',
    "  publish add TXT _dmarc.example.test 'v=DMARC1; p=quarantine'",
    '  and 1 more command (see the exact commands)',
  ]);
});

test("a changed file's lines come from the server: control characters are shown as escapes, not sent to the terminal", async () => {
  const dry = new DryRunRemote(await serverWith({ '/etc/motd': 'hello\x1b[2J\x1b]0;owned\x07\n' }));
  await dry.writeFile('/etc/motd', 'hello\n');
  const [step] = reviewOf([plan('motd', dry.records)]);
  expect(step!.files[0]!.diff).toEqual(['-hello\\x1b[2J\\x1b]0;owned\\x07', '+hello']);
  expect(reviewLines([step!]).some((l) => l.text.includes('\x1b'))).toBe(false);
});

test('steps with nothing to do and steps not needed are left out; none left reads "nothing to change"', async () => {
  const dry = new DryRunRemote(await serverWith({ '/etc/chasquid/chasquid.conf': 'same\n' }));
  await dry.writeFile('/etc/chasquid/chasquid.conf', 'same\n');
  const notNeeded = plan('forward', [{ kind: 'exec', command: 'install -d /x', withStdin: false }], { needed: false });
  expect(reviewOf([plan('chasquid', dry.records), notNeeded])).toEqual([]);
  expect(reviewLines([])).toEqual([{ text: 'Nothing to change: the server already matches your answers.', tone: 'green' }]);
});

test('a step that cannot be planned before the earlier ones ran says so', () => {
  const [step] = reviewOf([plan('dkim', [], { error: 'no key yet' })]);
  expect(step!.partial).toBe('no key yet');
  expect(reviewLines([step!]).at(-1)).toEqual({ text: '  more once the steps before it ran (no key yet)', tone: 'yellow' });
});
