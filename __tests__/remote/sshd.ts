// A real OpenSSH server on loopback for the SSH engine's tests: its own host
// key, config and authorized keys in a temp dir, started on a free port as
// root, plus two test users (one with a sudo password, one without). It needs
// nothing from the lab and cleans up what it created.
import { execa } from 'execa';
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createConnection, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const SUDO_USER = 'mailsetup-test'; // sudo with a password
export const NOPASSWD_USER = 'mailsetup-nopw'; // passwordless sudo
const SUDOERS = '/etc/sudoers.d/mailsetup-test';

export interface TestSshd {
  port: number;
  dir: string;
  hostKeyFile: string;
  /** Unencrypted client key accepted for root and both users. */
  clientKey: string;
  /** The same kind of key, encrypted with `passphrase`. */
  encryptedKey: string;
  passphrase: string;
  /** Login and sudo password of both test users. */
  password: string;
  /** Options that keep connect() away from the real ~/.ssh and agent. */
  isolation: { homeDir: string; sshConfigFile: string; userKnownHostsFile: string; agentSocket: null };
  knownHostsFile(): string;
  stop(): Promise<void>;
}

export function canRunSshd(): boolean {
  return process.getuid?.() === 0 && existsSync('/usr/sbin/sshd');
}

/** sudo is a Debian package of its own; without it the sudo tests cannot run. */
export function hasSudo(): boolean {
  return existsSync('/usr/bin/sudo') && existsSync('/usr/sbin/visudo');
}

if (!canRunSshd() || !hasSudo()) {
  process.stderr.write('\nremote tests: need root, /usr/sbin/sshd (openssh-server) and sudo; the missing parts are skipped\n');
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

async function waitForPort(port: number, child: ChildProcess, log: () => string): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`sshd exited (${child.exitCode}):\n${log()}`);
    const ok = await new Promise<boolean>((resolve) => {
      const s = createConnection({ host: '127.0.0.1', port }, () => {
        s.destroy();
        resolve(true);
      });
      s.on('error', () => resolve(false));
    });
    if (ok) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`sshd did not listen on ${port}:\n${log()}`);
}

async function ensureUser(name: string, password: string): Promise<boolean> {
  const exists = (await execa('id', ['-u', name], { reject: false })).exitCode === 0;
  if (!exists) await execa('useradd', ['-m', '-s', '/bin/bash', name]);
  // The password goes to chpasswd on stdin, never on argv.
  await execa('chpasswd', { input: `${name}:${password}\n` });
  return !exists;
}

export async function keygen(file: string, passphrase = ''): Promise<void> {
  await execa('ssh-keygen', ['-q', '-t', 'ed25519', '-N', passphrase, '-C', 'mailsetup-test', '-f', file]);
}

export async function startSshd(): Promise<TestSshd> {
  const dir = mkdtempSync(join(tmpdir(), 'mailsetup-sshd-'));
  const hostKeyFile = join(dir, 'host_ed25519');
  const clientKey = join(dir, 'client_ed25519');
  const encryptedKey = join(dir, 'client_encrypted');
  const passphrase = `pass ${randomBytes(6).toString('hex')}`;
  const password = `pw-${randomBytes(9).toString('base64url')}`;
  await Promise.all([keygen(hostKeyFile), keygen(clientKey), keygen(encryptedKey, passphrase)]);

  const createdUsers: string[] = [];
  for (const user of [SUDO_USER, NOPASSWD_USER]) if (await ensureUser(user, password)) createdUsers.push(user);
  if (hasSudo()) {
    writeFileSync(SUDOERS, `${SUDO_USER} ALL=(ALL:ALL) ALL\n${NOPASSWD_USER} ALL=(ALL:ALL) NOPASSWD: ALL\n`, { mode: 0o440 });
    await execa('visudo', ['-cf', SUDOERS]);
  }

  // sshd reads authorized keys as the logging-in user: they must reach the files.
  chmodSync(dir, 0o755);
  const authDir = join(dir, 'authorized');
  mkdirSync(authDir, { mode: 0o755 });
  const keys = `${readFileSync(`${clientKey}.pub`, 'utf8')}${readFileSync(`${encryptedKey}.pub`, 'utf8')}`;
  for (const user of ['root', SUDO_USER, NOPASSWD_USER]) writeFileSync(join(authDir, user), keys, { mode: 0o644 });

  const port = await freePort();
  const config = join(dir, 'sshd_config');
  writeFileSync(
    config,
    [
      `Port ${port}`,
      'ListenAddress 127.0.0.1',
      `HostKey ${hostKeyFile}`,
      `PidFile ${join(dir, 'sshd.pid')}`,
      `AuthorizedKeysFile ${authDir}/%u`,
      'StrictModes no',
      'PermitRootLogin prohibit-password',
      'PasswordAuthentication yes',
      'KbdInteractiveAuthentication no',
      'UsePAM no',
      'Subsystem sftp internal-sftp',
      'LogLevel VERBOSE',
      '',
    ].join('\n'),
  );
  mkdirSync('/run/sshd', { recursive: true, mode: 0o755 });
  let log = '';
  const child = spawn('/usr/sbin/sshd', ['-D', '-e', '-f', config], { stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout?.on('data', (d: Buffer) => (log += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (log += d.toString()));
  await waitForPort(port, child, () => log);

  const home = join(dir, 'home');
  mkdirSync(home);
  return {
    port,
    dir,
    hostKeyFile,
    clientKey,
    encryptedKey,
    passphrase,
    password,
    isolation: { homeDir: home, sshConfigFile: join(home, 'no-ssh-config'), userKnownHostsFile: join(home, 'no-known-hosts'), agentSocket: null },
    knownHostsFile: () => join(dir, `known_hosts-${randomBytes(4).toString('hex')}`),
    async stop() {
      child.kill('SIGTERM');
      await new Promise((r) => (child.exitCode !== null ? r(null) : child.once('exit', r)));
      rmSync(SUDOERS, { force: true });
      for (const user of createdUsers) await execa('userdel', ['-r', user], { reject: false });
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
