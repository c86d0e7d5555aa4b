// Day two in the wizard, in a real terminal (tmux, 80x24) against a lab VPS
// the real steps set up: "Change the server" -> "Add a sender" -> an
// address typed -> the plan -> yes -> done, with the made-up password shown
// once; that password then logs in on 587, and it was written nowhere on
// this machine. Then the run is continued to its summary, and "Status and
// logs" is opened from the summary and returns to it, and the new sender
// still logs in. A second session removes the sender: the login fails again.
// Every screen is kept under .artifacts/terminal/.
import { randomBytes } from 'node:crypto';
import { readdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { tryAuth } from '../../src/checks/smtp-auth.js';
import { usersFile } from '../../src/server/paths.js';
import { canRunLab, cliEnv, setUpDay2, type Day2Setup } from '../day2/helpers.js';
import { pastQuestions, startFromReview } from './review.js';
import { Terminal, waitRc } from './tmux.js';
import { CLI_ENTRY } from '../helpers/cli-entry.js';

const maybe = canRunLab ? describe : describe.skip;
const cli = CLI_ENTRY;
const SUMMARY = /Your mail server is ready\.|some checks fail/;

/** Every file under `dir`, read whole (the state, the known hosts, the session log). */
async function allText(dir: string): Promise<string> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (entry.isFile()) out.push(await readFile(join(entry.parentPath, entry.name), 'utf8'));
  }
  return out.join('\n');
}

maybe('day two in the wizard, in a real terminal, on the lab', () => {
  let setup: Day2Setup;
  beforeAll(async () => {
    setup = await setUpDay2('wizard-changes');
  }, 900_000);
  afterAll(async () => {
    await setup?.remote.close();
    if (setup) await rm(setup.stateDir, { recursive: true, force: true });
  });

  test('Change the server -> Add a sender; its password works on 587; Status and logs from the summary and back; Remove a sender', async () => {
    const { target, stateDir, remote } = setup;
    let password: string | undefined;
    const domain = target.run.answers.domain;
    const address = `carol-${randomBytes(3).toString('hex')}@${domain}`;
    const term = new Terminal('change-add-sender');
    const rc = join(stateDir, 'wizard.rc');
    try {
      await term.start(['node', cli, '--lab', '--state-dir', stateDir], cliEnv(stateDir), rc);
      const welcome = await term.waitFor(/What now\?/, 60_000);
      expect(welcome).toContain('Welcome back');
      expect(welcome).toContain('Change the server');
      await term.keys('Down', 'Down', 'Down', 'Down', 'Enter');
      const menu = await term.waitFor(/Which change\?/);
      expect(menu).toMatch(/Add a sender[\s\S]*Rotate the DKIM key[\s\S]*Add a second domain/);
      await term.keys('Enter');
      await term.waitFor(/Sender address:/);
      await term.type(address);
      await term.keys('Enter');
      await term.waitFor(/Password \(empty: make one up\):/);
      await term.keys('Enter');
      const plan = await term.waitFor(/Go ahead\?/, 60_000);
      expect(plan).toContain(`Add the sender ${address}:`);
      expect(plan).toContain('Same as: mailsetup senders add');
      await term.keys('Down', 'Enter');
      const done = await term.waitFor(/Add a sender: (done|stopped)/, 180_000);
      expect(done).toContain('Add a sender: done');
      expect(done).toContain(`${address}: added`);
      expect(done).toContain('Its password, shown this once:');
      expect(done).toContain(`✓ ${address} can log`);
      password = /shown this once:\s*│[^\n]*\n[^\n]*│\s*(\S+)\s*│/.exec(done)?.[1];
      expect(password).toMatch(/^[A-Za-z0-9_-]{20,}$/);

      // The password is real: a mail app logs in with it, seen from outside like one.
      expect(await tryAuth({ address: target.vps.ipv4, hostname: target.run.answers.hostname, user: address, password: password!, caFile: target.run.caFile })).toEqual({ ok: true });
      expect(await tryAuth({ address: target.vps.ipv4, hostname: target.run.answers.hostname, user: address, password: `${password}x`, caFile: target.run.caFile })).toMatchObject({ ok: false, refused: true });
      // Only its hash reached the server, and nothing on this machine kept it.
      const users = (await remote.readFile(usersFile(domain)))!.toString('utf8');
      expect(users).toContain(address.split('@')[0]);
      expect(users).not.toContain(password!);
      expect(await allText(stateDir)).not.toContain(password!);

      // Shown once: back to the menu, it is gone from the screen.
      await term.keys('Enter');
      const again = await term.waitFor(/Which change\?/);
      expect(again).not.toContain(password!);
      await term.keys('Escape');
      await term.waitFor(/What now\?/);

      // Continue to the summary (done steps are verified, the test mail is sent; the new sender is kept as it is), then Status and logs from there.
      await term.keys('Enter');
      let screen = '';
      for (let i = 0; i < 80 && !pastQuestions(screen); i++) {
        screen = await term.screen();
        if (pastQuestions(screen)) break;
        if (/✗ /.test(screen)) throw new Error(`a prefilled answer was refused:\n${screen}`);
        await term.keep(screen);
        await term.keys('Enter');
      }
      await startFromReview(term);
      await term.waitFor(/Published for you|mailsetup waited until it saw them|Stopped at|Enter: next/, 900_000);
      for (let i = 0; i < 10 && !SUMMARY.test(screen); i++) {
        screen = await term.waitFor(/Enter: next|Enter: quit|Stopped at/);
        if (/Stopped at/.test(screen)) throw new Error(`the run stopped:\n${screen}`);
        if (!SUMMARY.test(screen)) await term.keys('Enter');
      }
      expect(screen).toMatch(/s: status/);
      await term.keys('s');
      const status = await term.waitFor(/Status and logs[\s\S]*listening/, 120_000);
      expect(status).toMatch(/chasquid\s+active/);
      expect(status).toMatch(/listening\s+.*587/);
      expect(status).toContain('Enter: back');
      await term.keys('Enter');
      const summary = await term.waitFor(SUMMARY);
      expect(summary).toMatch(/Enter: quit/);
      expect(summary).toContain('Your mail server is ready.');
      // Continuing after the change kept it: the new sender was not given another password.
      expect(await tryAuth({ address: target.vps.ipv4, hostname: target.run.answers.hostname, user: address, password: password!, caFile: target.run.caFile })).toEqual({ ok: true });
      expect(await allText(stateDir)).not.toContain(password!);
      await term.keys('Enter');
      expect(await waitRc(rc, 15_000)).toBe(0);
    } finally {
      await term.stop();
    }

    // A second session: Remove a sender takes the login away again.
    const second = new Terminal('change-remove-sender');
    const rc2 = join(stateDir, 'wizard2.rc');
    try {
      await second.start(['node', cli, '--lab', '--state-dir', stateDir], cliEnv(stateDir), rc2);
      await second.waitFor(/What now\?/, 60_000);
      await second.keys('Down', 'Down', 'Down', 'Down', 'Enter');
      await second.waitFor(/Which change\?/);
      await second.keys('Down', 'Enter');
      await second.waitFor(/Sender address:/);
      await second.type(address);
      await second.keys('Enter');
      const plan = await second.waitFor(/Go ahead\?/, 60_000);
      expect(plan).toContain(`Remove the sender ${address}:`);
      await second.keys('Down', 'Enter');
      const removed = await second.waitFor(/Remove a sender: (done|stopped)/, 180_000);
      expect(removed).toContain('Remove a sender: done');
      expect(removed).toContain(`✓ ${address} is gone`);
      expect(await tryAuth({ address: target.vps.ipv4, hostname: target.run.answers.hostname, user: address, password: password!, caFile: target.run.caFile })).toMatchObject({ ok: false, refused: true });
      await second.keys('Enter');
      await second.waitFor(/Which change\?/);
      await second.keys('Escape');
      await second.waitFor(/What now\?/);
      await second.keys('C-c');
      expect(await waitRc(rc2, 15_000)).toBe(130);
    } finally {
      await second.stop();
    }
  }, 1_800_000);
});
