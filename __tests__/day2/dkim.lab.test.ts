// `mailsetup dkim rotate` on a set-up lab VPS (Debian 13, native signing):
// the new record is published and visible before the old key file goes,
// mail afterwards is signed with the new selector and verifies (mailauth
// against the lab DNS), and the old record stays for mail in flight.
import { randomBytes } from 'node:crypto';
import { execa } from 'execa';
import { sh } from '../../src/remote/quote.js';
import type { Remote } from '../../src/remote/types.js';
import { type LabTarget } from '../helpers/provision.js';
import { canRunLab, cliEnv, dkimVerdicts, root, sendToInbox, setUpDay2 } from './helpers.js';
import { CLI_ENTRY } from '../helpers/cli-entry.js';

const maybe = canRunLab ? describe : describe.skip;

maybe('mailsetup dkim rotate on the lab', () => {
  let target: LabTarget;
  let remote: Remote;
  let stateDir: string;

  beforeAll(async () => {
    ({ target, stateDir, remote } = await setUpDay2('dkim'));
  }, 600000);

  afterAll(async () => {
    await remote?.close();
  });

  const keyFiles = async (domain: string) =>
    (await remote.exec(sh`cd /etc/chasquid/domains/${domain} && ls -1 dkim:*.pem`, { allowFailure: true })).stdout.split('\n').filter(Boolean);

  test('new selector published, visible, then switched; signed mail verifies with it', async () => {
    const { domain } = target.run.answers;
    const before = await keyFiles(domain);
    expect(before).toHaveLength(1);
    const oldSelector = /^dkim:(.+)\.pem$/.exec(before[0]!)![1]!;
    const selector = `d2${randomBytes(3).toString('hex')}`;

    const r = await execa('node', [CLI_ENTRY, 'dkim', 'rotate', '--selector', selector, '--yes', '--lab', '--state-dir', stateDir], {
      cwd: root,
      env: cliEnv(stateDir),
      reject: false,
    });
    expect(r.stderr).toBe('');
    expect(r.exitCode).toBe(0);
    // The order the docs ask for: published, visible, only then the old key deleted.
    const at = (s: string) => r.stdout.indexOf(s);
    expect(at(`published ${selector}._domainkey.${domain}`)).toBeGreaterThan(0);
    expect(at('is visible in DNS')).toBeGreaterThan(at(`published ${selector}`));
    expect(at(`deleted /etc/chasquid/domains/${domain}/dkim:${oldSelector}.pem`)).toBeGreaterThan(at('is visible in DNS'));
    expect(r.stdout).toMatch(new RegExp(`✓ a test mail from \\S+ is signed with ${selector} and verifies`));

    expect(await keyFiles(domain)).toEqual([`dkim:${selector}.pem`]);
    const pending = await remote.exec(sh`ls -A /etc/mailsetup/dkim-pending`, { allowFailure: true });
    expect(pending.stdout.trim()).toBe('');

    // Independently of mailsetup's own proof: a mail to the lab inbox.
    const sender = target.run.answers.senders[0]!;
    const raw = await sendToInbox(target, sender, target.run.secrets.senderPasswords[sender]!, `dkim-${selector}`);
    const verdicts = await dkimVerdicts(target, raw);
    expect(verdicts).toEqual([{ selector, domain, result: 'pass' }]);

    // The old record is still there for mail signed before the switch.
    const { dig } = await import('../lab/helpers.js');
    const [host, port] = target.run.resolver.split(':');
    expect((await dig(host!, Number(port ?? 53), 'TXT', `${oldSelector}._domainkey.${domain}`)).join('')).toMatch(/v=DKIM1/);
  }, 180000);

  test('a selector that is not a DNS label is refused before anything changes', async () => {
    const { domain } = target.run.answers;
    const current = /^dkim:(.+)\.pem$/.exec((await keyFiles(domain))[0]!)![1]!;
    const r = await execa('node', [CLI_ENTRY, 'dkim', 'rotate', '--selector', 'not_a label', '--yes', '--lab', '--state-dir', stateDir], {
      cwd: root,
      env: cliEnv(stateDir),
      reject: false,
    });
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toMatch(/--selector/);
    expect(await keyFiles(domain)).toEqual([`dkim:${current}.pem`]);
  }, 60000);

  test('the selector already in use: a finished rotation is not redone, only checked', async () => {
    const { domain } = target.run.answers;
    const current = /^dkim:(.+)\.pem$/.exec((await keyFiles(domain))[0]!)![1]!;
    const before = (await remote.exec(sh`sha256sum /etc/chasquid/domains/${domain}/dkim:${current}.pem`)).stdout;
    const r = await execa('node', [CLI_ENTRY, 'dkim', 'rotate', '--selector', current, '--yes', '--lab', '--state-dir', stateDir], {
      cwd: root,
      env: cliEnv(stateDir),
      reject: false,
    });
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toContain(`${current} is already the DKIM key of ${domain}: nothing to rotate`);
    expect(r.stdout).toMatch(new RegExp(`✓ a test mail from \\S+ is signed with ${current} and verifies`));
    expect(await keyFiles(domain)).toEqual([`dkim:${current}.pem`]);
    expect((await remote.exec(sh`sha256sum /etc/chasquid/domains/${domain}/dkim:${current}.pem`)).stdout).toBe(before);
  }, 120000);
});
