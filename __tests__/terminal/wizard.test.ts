// A person's full run of `mailsetup --lab` in a real terminal: every screen
// answered with keystrokes, the Review screen (nothing on the VPS changes
// before Start), the setup run live, the summary all green; a second walk on
// the now provisioned VPS whose review has nothing to change; then a run
// interrupted with Ctrl+C in the middle of the setup, resumed, green.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { labReset, readLabInfo } from '../../src/lab/index.js';
import { Terminal, waitRc } from './tmux.js';
import { startFromReview, waitReview } from './review.js';
import { answerScreens, confirmRecords, readResults, readReview } from './walk.js';
import { labCanRunHere } from '../helpers/provision.js';
import { etcAndPackages } from '../helpers/snapshot.js';
import { CLI_ENTRY } from '../helpers/cli-entry.js';

const OS = 'debian12' as const;
const cli = CLI_ENTRY;
// The lab instance this test (and the mailsetup it starts) uses: the one the environment selects.
const INSTANCE = Number(process.env.MAILSETUP_LAB_INSTANCE ?? 0);
const ENV = { MAILSETUP_LAB_OS: OS, MAILSETUP_LAB_INSTANCE: String(INSTANCE), NO_COLOR: '1' };

async function labReady(): Promise<boolean> {
  const info = await readLabInfo().catch(() => null);
  return Boolean(info?.vps[OS]);
}

// MAILSETUP_LAB=off: no lab at all, never a lab some other run has up.
(labCanRunHere ? describe : describe.skip)('the wizard in a real terminal (tmux) against the lab', () => {
  let stateDir: string;
  beforeAll(async () => {
    stateDir = await mkdtemp(join(tmpdir(), 'mailsetup-tmux-'));
  });
  afterAll(async () => {
    await rm(stateDir, { recursive: true, force: true });
  });

  test('a full run, screen by screen, ends on an all-green summary', async () => {
    if (!(await labReady())) throw new Error(`lab instance ${INSTANCE} is not up (the jest global setup brings instance 0 up; others: mailsetup lab up)`);
    await labReset({ os: [OS] });
    const term = new Terminal('full-run');
    const rc = join(stateDir, 'full.rc');
    const vps = (await readLabInfo())!.vps[OS]!;
    const before = await etcAndPackages(vps);
    try {
      await term.start(['node', cli, '--lab', '--state-dir', stateDir], ENV, rc);
      const screens = await answerScreens(term);
      // First run: the OS is not known yet, so each release's package is listed.
      expect(screens).toContain('Debian 12: 1.11, DKIM by a hook');
      expect(screens).toMatch(/Send a test mail to \(e\.g\. you@gmail\.com\): me@inbox\.test/);
      // The review of a fresh server: where, which key, and what each step will change there.
      const plan = await readReview(term);
      expect(plan).toContain(`Target: root@10.77.${INSTANCE}.12:22`);
      expect(plan).toContain(vps.ssh.hostKeyFingerprint);
      expect(plan).toMatch(/install chasquid .*python3-dkim/);
      expect(plan).toContain('change /etc/sysctl.conf');
      expect(plan).toMatch(/\+net\.ipv6\.conf\.all\.disable_ipv6 = 0/);
      expect(plan).toContain('create /etc/chasquid/chasquid.conf');
      expect(plan).toContain('restart chasquid');
      // The lab's DNS may hold records of an earlier run (only the missing ones are listed); the DKIM key is always new.
      expect(plan.replace(/\s+/g, ' ')).toContain('publish add TXT DKIM record of example.test, its key is made during the run');
      // The exact commands: what --dry-run prints.
      await term.keys('Down', 'Enter');
      const commands = await term.waitFor(/The exact commands[\s\S]*Enter: back to the review/);
      expect(commands).toContain('== IPv6 ==');
      await term.keys('Enter');
      await waitReview(term);
      // Esc: back to the answers; Enter there plans again.
      await term.keys('Escape');
      await term.waitFor(/Send a test mail to/);
      await term.keys('Enter');
      await waitReview(term);
      // Connecting, planning twice and the exact commands changed nothing on the VPS.
      expect(await etcAndPackages(vps)).toBe(before);
      await startFromReview(term);
      await term.waitFor(/Check the server/, 60_000);
      // Before publishing: the records and the zone snippet, whole, then Enter publishes.
      const review = await confirmRecords(term);
      expect(review).toContain('To publish (names relative to example.test)');
      expect(review).toContain('$ORIGIN example.test.');
      expect(review).toMatch(/ms\d{8}\._domainkey 3600 IN TXT \(/);
      expect(review).toContain('"v=DKIM1; k=rsa; p=');
      expect(review).toMatch(/_dmarc 3600 IN TXT (\(|"v=DMARC1; )/);
      expect(review).toContain('"v=DMARC1; p=');
      const { records, rdns, sendAs, summary } = await readResults(term);
      // After the run, the records again, each value whole (the DMARC one is further down the page).
      expect(records).toMatch(/TXT  ms\d{8}\._domainkey/);
      expect(records).toMatch(/v=spf1/);
      expect(records).not.toContain('…');
      expect(rdns).toMatch(new RegExp(`10\\.77\\.${INSTANCE}\\.12\\s+->\\s+smtp\\.example\\.test`));
      expect(rdns).toMatch(new RegExp(`✓ PTR of 10\\.77\\.${INSTANCE}\\.12 is smtp\\.example\\.test`));
      expect(sendAs).toContain('SMTP server:  smtp.example.test');
      expect(sendAs).toContain('Port:         465');
      expect(summary).toContain('Your mail server is ready.');
      expect(summary).toMatch(/Checks: \d+ ok, \d+ warn, 0 fail · test mail: DKIM pass/);
      await term.keys('Enter');
      expect(await waitRc(rc, 10_000)).toBe(0);
    } finally {
      await term.stop();
    }
  }, 1_000_000);

  // The VPS the full run above provisioned, and its state dir: a rerun, as a person makes it.
  test('a second walk on the provisioned VPS: the review has nothing to change, Start verifies and ends green', async () => {
    const vps = (await readLabInfo())!.vps[OS]!;
    const term = new Terminal('rerun-review');
    const rc = join(stateDir, 'rerun.rc');
    try {
      const before = await etcAndPackages(vps);
      await term.start(['node', cli, '--lab', '--state-dir', stateDir], ENV, rc);
      await answerScreens(term);
      const review = await readReview(term);
      expect(review.replace(/\s+/g, ' ')).toContain('Nothing to change: the server already matches your answers.');
      expect(review).not.toMatch(/install |create \/|change \/|publish /);
      expect(await etcAndPackages(vps)).toBe(before);
      await startFromReview(term);
      const { summary } = await readResults(term);
      expect(summary).toContain('Your mail server is ready.');
      await term.keys('Enter');
      expect(await waitRc(rc, 10_000)).toBe(0);
    } finally {
      await term.stop();
    }
  }, 600_000);

  test('Ctrl+C during the setup, then a rerun resumes from the saved progress and ends green', async () => {
    await labReset({ os: [OS] });
    const resumeState = await mkdtemp(join(tmpdir(), 'mailsetup-tmux-resume-'));
    const first = new Terminal('interrupted');
    const rc1 = join(resumeState, 'first.rc');
    try {
      await first.start(['node', cli, '--lab', '--state-dir', resumeState], ENV, rc1);
      await answerScreens(first);
      await startFromReview(first);
      // Interrupt while chasquid is being installed or the certificate issued.
      await first.waitFor(/[⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏] (SMTP server|TLS certificate)/, 300_000);
      await first.keys('C-c');
      expect(await waitRc(rc1, 15_000)).toBe(130);
      await first.waitFor(/Progress is saved/);
    } finally {
      await first.stop();
    }
    const second = new Terminal('resumed');
    const rc2 = join(resumeState, 'second.rc');
    try {
      await second.start(['node', cli, '--lab', '--state-dir', resumeState], ENV, rc2);
      const welcome = await second.waitFor(/What now\?/);
      expect(welcome).toContain('Welcome back');
      expect(welcome).toMatch(/interrupted: will be redone safely|✔ Check the server/);
      // The first run found Debian 12: the chasquid screen now names its package.
      expect(await answerScreens(second)).toContain("Installs chasquid 1.11 from Debian 12's packages");
      await startFromReview(second);
      await confirmRecords(second);
      const { summary } = await readResults(second);
      expect(summary).toContain('Your mail server is ready.');
      await second.keys('Enter');
      expect(await waitRc(rc2, 10_000)).toBe(0);
    } finally {
      await second.stop();
      await rm(resumeState, { recursive: true, force: true });
    }
  }, 1_500_000);
});
