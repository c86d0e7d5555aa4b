// A non-root login user gets root through sudo; the password is asked once,
// travels on stdin only and never shows in any process's arguments.
import { afterAll, beforeAll, describe, expect, jest, test } from '@jest/globals';
import { execa } from 'execa';
import { sh } from '../../src/remote/quote.js';
import { connectAs } from './connect-helpers.js';
import { canRunSshd, hasSudo, NOPASSWD_USER, startSshd, SUDO_USER, type TestSshd } from './sshd.js';

const suite = canRunSshd() && hasSudo() ? describe : describe.skip;

suite('sudo for a non-root user', () => {
  let sshd: TestSshd;
  beforeAll(async () => {
    sshd = await startSshd();
  });
  afterAll(async () => {
    await sshd?.stop();
  });

  test('password sudo: asked once, commands run as root, stdin still reaches the command', async () => {
    // Key login, so the sudo password cannot come from the login password.
    const askSecret = jest.fn(async (_prompt: string) => sshd.password);
    const remote = await connectAs(sshd, SUDO_USER, { io: { confirmHostKey: async () => true, askSecret } });
    try {
      expect(remote.usesSudo).toBe(true);
      expect((await remote.exec(sh`id -un`)).stdout.trim()).toBe('root');
      expect((await remote.exec(sh`cat`, { stdin: 'payload\n' })).stdout).toBe('payload\n');
      expect((await remote.exec(sh`cat`)).stdout).toBe(''); // the password line was consumed by sudo
      expect(askSecret).toHaveBeenCalledTimes(1);
      expect(askSecret.mock.calls[0]![0]).toMatch(/^sudo password for /);
    } finally {
      await remote.close();
    }
  });

  test('the sudo password never appears in ps output while a command runs', async () => {
    const remote = await connectAs(sshd, SUDO_USER);
    try {
      await remote.exec(sh`true`); // settle sudo first
      const running = remote.exec(sh`sleep 2; echo done`);
      const samples: string[] = [];
      for (let i = 0; i < 10; i++) {
        samples.push((await execa('ps', ['-eo', 'args'])).stdout);
        await new Promise((r) => setTimeout(r, 150));
      }
      expect((await running).stdout.trim()).toBe('done');
      const all = samples.join('\n');
      expect(all).toContain('sleep 2'); // we did sample while it ran
      expect(all).not.toContain(sshd.password);
    } finally {
      await remote.close();
    }
  });

  test('a wrong sudo password is asked again, then refused with a clear error', async () => {
    const askSecret = jest.fn(async (_prompt: string) => 'definitely-wrong');
    const remote = await connectAs(sshd, SUDO_USER, { io: { confirmHostKey: async () => true, askSecret } });
    try {
      const error = (await remote.exec(sh`true`).catch((e: unknown) => e)) as Error;
      expect(error.name).toBe('SudoError');
      expect(error.message).not.toContain('definitely-wrong');
      expect(askSecret).toHaveBeenCalledTimes(3);
    } finally {
      await remote.close();
    }
  }, 60_000);

  test('passwordless sudo is detected and nothing is asked', async () => {
    const askSecret = jest.fn(async (_prompt: string) => 'unused');
    const remote = await connectAs(sshd, NOPASSWD_USER, { io: { confirmHostKey: async () => true, askSecret } });
    try {
      expect((await remote.exec(sh`id -un`)).stdout.trim()).toBe('root');
      expect(askSecret).not.toHaveBeenCalled();
    } finally {
      await remote.close();
    }
  });

  test('password login: the login password is tried for sudo before asking again', async () => {
    const askSecret = jest.fn(async (_prompt: string) => sshd.password);
    const remote = await connectAs(sshd, SUDO_USER, { identityFile: undefined, io: { confirmHostKey: async () => true, askSecret } });
    try {
      expect((await remote.exec(sh`id -un`)).stdout.trim()).toBe('root');
      expect(askSecret).toHaveBeenCalledTimes(1); // only the login prompt
    } finally {
      await remote.close();
    }
  });
});
