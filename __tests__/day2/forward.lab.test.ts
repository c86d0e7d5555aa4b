// `mailsetup forward add|remove` on a set-up lab VPS: mail to the new alias
// arrives at its target (through the server's port 25, as from anywhere),
// and after `remove` the line is gone again and the file is as before.
import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { execa } from 'execa';
import nodemailer from 'nodemailer';
import { readInbox } from '../../src/lab/index.js';
import type { Remote } from '../../src/remote/types.js';
import { type LabTarget } from '../helpers/provision.js';
import { canRunLab, cliEnv, DAY2_INSTANCE, root, setUpDay2 } from './helpers.js';
import { CLI_ENTRY } from '../helpers/cli-entry.js';

const maybe = canRunLab ? describe : describe.skip;

maybe('mailsetup forward on the lab', () => {
  let target: LabTarget;
  let remote: Remote;
  let stateDir: string;

  beforeAll(async () => {
    ({ target, stateDir, remote } = await setUpDay2('forward'));
  }, 600000);

  afterAll(async () => {
    await remote?.close();
  });

  const cli = (args: string[]) => execa('node', [CLI_ENTRY, ...args, '--lab', '--state-dir', stateDir], { cwd: root, env: cliEnv(stateDir), reject: false });

  test('add a line, mail to it arrives at the target; remove it, the file is as before', async () => {
    const { domain, hostname } = target.run.answers;
    const file = `/etc/chasquid/domains/${domain}/aliases`;
    const before = (await remote.readFile(file))?.toString('utf8');
    const user = `sales${randomBytes(2).toString('hex')}`;
    const to = `${user}-team@${target.info.inbox.domain}`;

    const add = await cli(['forward', 'add', user, to, '--yes']);
    expect(add.stderr).toBe('');
    expect(add.exitCode).toBe(0);
    expect(add.stdout).toContain(`✓ ${user}@${domain} forwards to ${to}`);

    const t = nodemailer.createTransport({ host: target.vps.ipv4, port: 25, secure: false, tls: { servername: hostname, ca: await readFile(target.run.caFile, 'utf8') } });
    await t.sendMail({ from: `someone@${target.info.inbox.domain}`, to: `${user}@${domain}`, subject: 'forward test', text: 'hi' });
    t.close();
    const until = Date.now() + 30000;
    while (!(await readInbox({ instance: Number(DAY2_INSTANCE) })).some((m) => m.rcptTo.includes(to))) {
      if (Date.now() > until) throw new Error(`nothing arrived for ${to}`);
      await new Promise((r) => setTimeout(r, 300));
    }

    const remove = await cli(['forward', 'remove', user, '--yes']);
    expect(remove.exitCode).toBe(0);
    expect(remove.stdout).toContain(`✓ ${user}@${domain} has no forwarding line`);
    expect((await remote.readFile(file))?.toString('utf8')).toBe(before);
  }, 120000);
});
