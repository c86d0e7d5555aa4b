// sudo-user: a host that gives a user with password sudo instead of root,
// root login refused, SSH on port 2222. mailsetup logs in as that user, runs
// every command through sudo with the password given once (here from the
// lab's secrets, as from the answers file or MAILSETUP_SUDO_PASSWORD), and
// the password lands in no file of the run.
import { afterAll, beforeAll, expect, test } from '@jest/globals';
import { execa } from 'execa';
import { readFileSync } from 'node:fs';
import { dropFlavourLab, flavourDescribe, freshFlavour, onFlavourVps, runUnattendedE2e, type FlavourLab } from './helpers.js';

const OS = process.env.MAILSETUP_FLAVOUR_OS === 'debian13' ? 'debian13' : 'debian12';
let lab: FlavourLab | undefined;

const sshAs = (user: string, port: number) =>
  execa('ssh', ['-o', 'BatchMode=yes', '-o', 'ConnectTimeout=5', '-o', 'StrictHostKeyChecking=no', '-o', 'UserKnownHostsFile=/dev/null',
    '-i', lab!.vps.ssh.keyFile, '-p', String(port), `${user}@${lab!.vps.ssh.host}`, 'id -un'], { reject: false, all: true });

flavourDescribe(`sudo-user flavour (${OS})`, () => {
  beforeAll(async () => {
    lab = await freshFlavour('sudo-user', OS);
  }, 600_000);
  afterAll(() => dropFlavourLab(lab), 120_000);

  test('root cannot log in, the user needs its password for sudo, SSH is on 2222', async () => {
    expect(lab!.vps.ssh).toMatchObject({ user: 'debian', port: 2222 });
    const root = await sshAs('root', 2222);
    expect(root.exitCode).not.toBe(0);
    expect(root.all).toMatch(/Permission denied/);
    expect((await sshAs('root', 22)).all).toMatch(/Connection refused|timed out/);
    const user = await sshAs('debian', 2222);
    expect(user.stdout.trim()).toBe('debian');
    const noPassword = await execa('ssh', ['-o', 'BatchMode=yes', '-o', 'StrictHostKeyChecking=no', '-o', 'UserKnownHostsFile=/dev/null',
      '-i', lab!.vps.ssh.keyFile, '-p', '2222', `debian@${lab!.vps.ssh.host}`, 'sudo -n true'], { reject: false, all: true });
    expect(noPassword.all).toMatch(/a password is required/);
    expect((await onFlavourVps(lab!, 'id -u')).stdout.trim()).toBe('0'); // the lab's own way in: sudo with the password
  });

  test('unattended run through sudo, --check green, rerun with zero changes; the password is in no file of the run', async () => {
    await runUnattendedE2e(lab!);
    const password = readFileSync(lab!.vps.ssh.sudoPasswordFile!, 'utf8').trim();
    const leaked = await execa('grep', ['-rlF', '--', password, lab!.stateDir], { reject: false });
    expect(leaked.stdout).toBe('');
    expect(leaked.exitCode).toBe(1); // grep: searched, nothing found
  }, 900_000);
});
