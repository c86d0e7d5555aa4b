// `mailsetup logs --follow` against a real Debian 13 VPS: a mail sent while
// it follows shows up, a failed AUTH is highlighted and explained, SIGINT
// ends it cleanly, and nothing of it keeps running on the server.
import { randomBytes } from 'node:crypto';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa, type ResultPromise } from 'execa';
import nodemailer from 'nodemailer';
import { sh } from '../../src/remote/quote.js';
import type { Remote } from '../../src/remote/types.js';
import { setSenderPassword } from '../../src/day2/senders-command.js';
import type { StepContext } from '../../src/tasks/types.js';
import type { LabTarget } from '../helpers/provision.js';
import { buildCli, canRunLab, cliEnv, day2Connect, day2Lab, minimalChasquid, root } from './helpers.js';
import { CLI_ENTRY } from '../helpers/cli-entry.js';

const maybe = canRunLab ? describe : describe.skip;

const waitFor = async (what: string, ms: number, ok: () => boolean) => {
  const until = Date.now() + ms;
  while (!ok()) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
};

maybe('mailsetup logs on the lab', () => {
  let target: LabTarget;
  let remote: Remote;
  const password = randomBytes(12).toString('base64url');

  beforeAll(async () => {
    target = await day2Lab();
    remote = await day2Connect(target);
    const { domain, hostname } = target.run.answers;
    await Promise.all([buildCli(), minimalChasquid(remote, domain, hostname)]);
    const ctx = { remote, answers: target.run.answers, dryRun: false, log: () => undefined } as unknown as StepContext;
    await setSenderPassword(ctx, 'i', domain, password);
  }, 400000);

  afterAll(async () => {
    await remote?.close();
  });

  test('shows status, the status command lines, and the last lines without following', async () => {
    const stateDir = await mkdtemp(join(tmpdir(), 'mailsetup-day2-logs-'));
    const r = await execa('node', [CLI_ENTRY, 'logs', '--lab', '-n', '5'], { cwd: root, env: cliEnv(stateDir), reject: false });
    expect(r.stderr).toBe('');
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toMatch(/^chasquid\s+active since /m);
    expect(r.stdout).toMatch(/^listening\s+25, 465, 587$/m);
    expect(r.stdout).toMatch(/^certificate\s+\d+ days left/m);
    expect(r.stdout).toMatch(/^queue\s+/m);
    expect(r.stdout).toMatch(/^log\s+journal/m);
  });

  test('--follow shows a test mail and a highlighted failed AUTH; SIGINT leaves nothing on the VPS', async () => {
    const stateDir = await mkdtemp(join(tmpdir(), 'mailsetup-day2-logs-'));
    const { domain, hostname } = target.run.answers;
    const child: ResultPromise = execa('node', [CLI_ENTRY, 'logs', '--lab', '--follow', '-n', '0'], {
      cwd: root,
      env: cliEnv(stateDir),
      reject: false,
    });
    let out = '';
    child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
    await waitFor('the follow to start', 30000, () => out.includes('following; Ctrl+C stops'));
    // The remote follower is running now ("[j]" keeps pgrep from matching its own command line).
    // The line is printed as the command is sent: give the server a moment to start it.
    let running = false;
    for (let i = 0; i < 50 && !running; i++) {
      running = (await remote.exec(sh`pgrep -f '[j]ournalctl -u chasquid'`, { allowFailure: true })).code === 0;
      if (!running) await new Promise((r) => setTimeout(r, 200));
    }
    expect(running).toBe(true);

    const rcpt = `day2-${randomBytes(4).toString('hex')}@${target.info.inbox.domain}`;
    const transport = (pass: string) =>
      nodemailer.createTransport({
        host: target.vps.ipv4,
        port: 587,
        secure: false,
        requireTLS: true,
        auth: { user: `i@${domain}`, pass },
        tls: { servername: hostname, rejectUnauthorized: false },
      });
    await transport(password).sendMail({ from: `i@${domain}`, to: rcpt, subject: 'day two logs', text: 'hello' });
    await expect(transport('wrong-password-123').verify()).rejects.toThrow(/Invalid login|535|authentication/i);

    await waitFor('the test mail in the log', 30000, () => out.includes(`to=[${rcpt}]`));
    await waitFor('the failed AUTH in the log', 30000, () => /✗ .*auth failed for i@/.test(out));
    expect(out).toMatch(/→ authentication failed for i@\S+: wrong password or no such sender/);

    child.kill('SIGINT');
    const result = await child;
    expect(result.exitCode).toBe(0);
    expect(out).toMatch(/stopped following\n$/);
    // The heartbeat notices the closed connection within a second or two.
    await new Promise((r) => setTimeout(r, 3000));
    const left = await remote.exec(sh`pgrep -fa '[j]ournalctl'; pgrep -fa '[f]ollower'`, { allowFailure: true });
    expect(left.stdout).toBe('');
    expect(left.code).toBe(1);
  }, 120000);
});
