// A person's full run of `mailsetup --lab` in a real terminal: every screen
// answered with keystrokes, the setup run live, the summary all green; then
// a run interrupted with Ctrl+C in the middle of the setup, resumed, green.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { labReset, readLabInfo } from '../../src/lab/index.js';
import { Terminal } from './tmux.js';

const OS = 'debian12' as const;
const cli = join(process.cwd(), 'dist', 'cli.js');

async function labReady(): Promise<boolean> {
  const info = await readLabInfo().catch(() => null);
  return Boolean(info?.vps[OS]);
}

/** Read the pages after the run (records, reverse DNS, send-as) and return the summary screen. */
async function readResults(term: Terminal): Promise<{ records: string; rdns: string; sendAs: string; summary: string }> {
  const records = await term.waitFor(/Published for you|mailsetup waited until it saw them|Stopped at/, 900_000);
  if (/Stopped at/.test(records)) throw new Error(`the run stopped:\n${records}`);
  await term.keys('Enter');
  const rdns = await term.waitFor(/Receivers look the sending IP up/);
  await term.keys('Enter');
  const sendAs = await term.waitFor(/Add another email address/);
  await term.keys('Enter');
  const summary = await term.waitFor(/Your mail server is ready\.|some checks fail/);
  return { records, rdns, sendAs, summary };
}

/** Answer every question screen with Enter (the lab prefills them all) until the run starts. */
async function answerScreens(term: Terminal): Promise<void> {
  await term.waitFor(/Ready\?|What now\?/);
  await term.keys('Enter');
  for (let i = 0; i < 60; i++) {
    const screen = await term.screen();
    if (/Setting up/.test(screen)) return;
    if (/✗ /.test(screen)) throw new Error(`a prefilled answer was refused:\n${screen}`);
    await term.keep(screen);
    await term.keys('Enter');
  }
  throw new Error('the question screens never ended');
}

const rcOf = async (file: string) => Number((await readFile(file, 'utf8').catch(() => '')).trim() || NaN);

async function waitRc(file: string, timeoutMs: number): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const rc = await rcOf(file);
    if (!Number.isNaN(rc)) return rc;
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error('mailsetup did not exit');
}

describe('the wizard in a real terminal (tmux) against the lab', () => {
  let stateDir: string;
  beforeAll(async () => {
    stateDir = await mkdtemp(join(tmpdir(), 'mailsetup-tmux-'));
  });
  afterAll(async () => {
    await rm(stateDir, { recursive: true, force: true });
  });

  test('a full run, screen by screen, ends on an all-green summary', async () => {
    if (!(await labReady())) throw new Error('the lab is not up (the jest global setup brings it up)');
    await labReset({ os: [OS] });
    const term = new Terminal('full-run');
    const rc = join(stateDir, 'full.rc');
    try {
      await term.start(['node', cli, '--lab', '--state-dir', stateDir], { MAILSETUP_LAB_OS: OS, NO_COLOR: '1' }, rc);
      await answerScreens(term);
      await term.waitFor(/Check the server/, 60_000);
      const { records, rdns, sendAs, summary } = await readResults(term);
      expect(records).toMatch(/_dmarc/);
      expect(records).toMatch(/v=spf1/);
      expect(rdns).toMatch(/10\.77\.\d+\.12\s+->\s+smtp\.example\.test/);
      expect(rdns).toMatch(/✓ PTR of 10\.77\.\d+\.12 is smtp\.example\.test/);
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

  test('Ctrl+C during the setup, then a rerun resumes from the saved progress and ends green', async () => {
    await labReset({ os: [OS] });
    const resumeState = await mkdtemp(join(tmpdir(), 'mailsetup-tmux-resume-'));
    const first = new Terminal('interrupted');
    const rc1 = join(resumeState, 'first.rc');
    try {
      await first.start(['node', cli, '--lab', '--state-dir', resumeState], { MAILSETUP_LAB_OS: OS, NO_COLOR: '1' }, rc1);
      await answerScreens(first);
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
      await second.start(['node', cli, '--lab', '--state-dir', resumeState], { MAILSETUP_LAB_OS: OS, NO_COLOR: '1' }, rc2);
      const welcome = await second.waitFor(/What now\?/);
      expect(welcome).toContain('Welcome back');
      expect(welcome).toMatch(/interrupted: will be redone safely|✔ Check the server/);
      await answerScreens(second);
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
