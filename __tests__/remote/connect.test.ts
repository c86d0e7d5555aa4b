// Logging in to a real sshd: key, encrypted key, password, ~/.ssh/config alias, agent.
import { afterAll, beforeAll, describe, expect, jest, test } from '@jest/globals';
import { execa } from 'execa';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { connect } from '../../src/remote/connect.js';
import { AuthenticationError } from '../../src/remote/errors.js';
import { sh } from '../../src/remote/quote.js';
import { canRunSshd, hasSudo, startSshd, SUDO_USER, type TestSshd } from './sshd.js';

const suite = canRunSshd() ? describe : describe.skip;

suite('connect to a real sshd', () => {
  let sshd: TestSshd;
  beforeAll(async () => {
    sshd = await startSshd();
  });
  afterAll(async () => {
    await sshd?.stop();
  });

  const trustAll = { confirmHostKey: async () => true };

  test('key auth as root: no sudo, commands run', async () => {
    const remote = await connect({
      host: '127.0.0.1',
      port: sshd.port,
      user: 'root',
      identityFile: sshd.clientKey,
      knownHostsFile: sshd.knownHostsFile(),
      io: trustAll,
      ...sshd.isolation,
    });
    try {
      expect(remote.usesSudo).toBe(false);
      expect(remote.target).toBe(`root@127.0.0.1:${sshd.port}`);
      const result = await remote.exec(sh`id -un`);
      expect(result.stdout.trim()).toBe('root');
    } finally {
      await remote.close();
    }
  });

  test('encrypted key: the passphrase is asked through askSecret', async () => {
    const askSecret = jest.fn(async (prompt: string) => (prompt.includes('Passphrase') ? sshd.passphrase : 'wrong'));
    const remote = await connect({
      host: '127.0.0.1',
      port: sshd.port,
      user: 'root',
      identityFile: sshd.encryptedKey,
      knownHostsFile: sshd.knownHostsFile(),
      io: { ...trustAll, askSecret },
      ...sshd.isolation,
    });
    await remote.close();
    expect(askSecret).toHaveBeenCalledTimes(1);
    expect(askSecret.mock.calls[0]![0]).toContain(sshd.encryptedKey);
  });

  test('password auth for a non-root user', async () => {
    const askSecret = jest.fn(async (_prompt: string, _kind?: string) => sshd.password);
    const remote = await connect({
      host: '127.0.0.1',
      port: sshd.port,
      user: SUDO_USER,
      knownHostsFile: sshd.knownHostsFile(),
      io: { ...trustAll, askSecret },
      ...sshd.isolation,
    });
    try {
      expect(askSecret).toHaveBeenCalledWith(`Password for ${SUDO_USER}@127.0.0.1:${sshd.port}:`, 'password');
      expect(remote.usesSudo).toBe(true);
    } finally {
      await remote.close();
    }
  });

  test('a wrong password ends in AuthenticationError without the password in it', async () => {
    const attempt = connect({
      host: '127.0.0.1',
      port: sshd.port,
      user: SUDO_USER,
      knownHostsFile: sshd.knownHostsFile(),
      io: { ...trustAll, askSecret: async () => 'not-the-password' },
      ...sshd.isolation,
    });
    await expect(attempt).rejects.toBeInstanceOf(AuthenticationError);
    await expect(attempt).rejects.not.toThrow(/not-the-password/);
  });

  test('~/.ssh/config Host alias gives HostName, Port, User and IdentityFile', async () => {
    const sshConfigFile = join(sshd.dir, 'ssh_config');
    writeFileSync(
      sshConfigFile,
      `Host other\n  User nobody\n\nHost mailbox\n  HostName 127.0.0.1\n  Port ${sshd.port}\n  User ${SUDO_USER}\n  IdentityFile ${sshd.clientKey}\n\nHost *\n  User someone-else\n`,
    );
    const remote = await connect({
      host: 'mailbox',
      knownHostsFile: sshd.knownHostsFile(),
      io: { ...trustAll, askSecret: async () => sshd.password },
      ...sshd.isolation,
      sshConfigFile,
    });
    try {
      expect(remote.target).toBe(`${SUDO_USER}@127.0.0.1:${sshd.port}`);
      expect(remote.usesSudo).toBe(true); // logged in as the alias's User, not root
      if (hasSudo()) expect(await execaWho(remote)).toBe('root');
    } finally {
      await remote.close();
    }
  });

  test('a missing --identity file is named, not silently skipped', async () => {
    await expect(
      connect({ host: '127.0.0.1', port: sshd.port, identityFile: join(sshd.dir, 'nope'), knownHostsFile: sshd.knownHostsFile(), ...sshd.isolation }),
    ).rejects.toThrow(/identity file .*nope does not exist/);
  });

  test('ssh-agent auth through SSH_AUTH_SOCK', async () => {
    const socket = join(sshd.dir, 'agent.sock');
    const agent = execa('ssh-agent', ['-D', '-a', socket]);
    try {
      for (let i = 0; i < 50; i++) {
        if ((await execa('ssh-add', ['-l'], { env: { SSH_AUTH_SOCK: socket }, reject: false })).exitCode !== 2) break;
        await new Promise((r) => setTimeout(r, 50));
      }
      await execa('ssh-add', [sshd.clientKey], { env: { SSH_AUTH_SOCK: socket } });
      const remote = await connect({
        host: '127.0.0.1',
        port: sshd.port,
        user: 'root',
        knownHostsFile: sshd.knownHostsFile(),
        io: trustAll,
        ...sshd.isolation,
        agentSocket: socket,
      });
      await remote.close();
    } finally {
      agent.kill('SIGTERM');
      await agent.catch(() => undefined);
    }
  });
});

async function execaWho(remote: Awaited<ReturnType<typeof connect>>): Promise<string> {
  return (await remote.exec(sh`id -un`)).stdout.trim();
}
