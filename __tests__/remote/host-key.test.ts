// Host key trust against a real sshd: first contact, pinning, recording, and a changed key.
import { afterAll, beforeAll, describe, expect, jest, test } from '@jest/globals';
import { execa } from 'execa';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { connect, type ConnectOptions } from '../../src/remote/connect.js';
import { HostKeyChangedError, HostKeyNotTrustedError, HostKeyPinMismatchError } from '../../src/remote/errors.js';
import { keygen, canRunSshd, startSshd, type TestSshd } from './sshd.js';

const suite = canRunSshd() ? describe : describe.skip;

/** The fingerprint as OpenSSH's own tool prints it. */
async function sshKeygenFingerprint(pubFile: string): Promise<string> {
  const { stdout } = await execa('ssh-keygen', ['-l', '-E', 'sha256', '-f', pubFile]);
  return stdout.split(' ')[1]!;
}

suite('host keys', () => {
  let sshd: TestSshd;
  let serverFingerprint: string;
  beforeAll(async () => {
    sshd = await startSshd();
    serverFingerprint = await sshKeygenFingerprint(`${sshd.hostKeyFile}.pub`);
  });
  afterAll(async () => {
    await sshd?.stop();
  });

  const options = (knownHostsFile: string, extra: Partial<ConnectOptions> = {}): ConnectOptions => ({
    host: '127.0.0.1',
    port: sshd.port,
    user: 'root',
    identityFile: sshd.clientKey,
    knownHostsFile,
    ...sshd.isolation,
    ...extra,
  });

  test('first contact: shows the OpenSSH fingerprint, records it (0600, [host]:port), then trusts it silently', async () => {
    const file = join(sshd.dir, 'state', 'known_hosts');
    const confirmHostKey = jest.fn(async (_fingerprint: string, _host: string) => true);
    await (await connect(options(file, { io: { confirmHostKey } }))).close();
    expect(confirmHostKey).toHaveBeenCalledWith(serverFingerprint, `[127.0.0.1]:${sshd.port}`);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const line = readFileSync(file, 'utf8').trim();
    expect(line).toBe(`[127.0.0.1]:${sshd.port} ${readFileSync(`${sshd.hostKeyFile}.pub`, 'utf8').split(' ').slice(0, 2).join(' ')}`);
    // OpenSSH itself accepts the recorded line.
    const found = await execa('ssh-keygen', ['-F', `[127.0.0.1]:${sshd.port}`, '-f', file]);
    expect(found.stdout).toContain('ssh-ed25519');

    const again = jest.fn(async (_fingerprint: string, _host: string) => true);
    await (await connect(options(file, { io: { confirmHostKey: again } }))).close();
    expect(again).not.toHaveBeenCalled();
  });

  test('declining the key stops before logging in, nothing recorded', async () => {
    const file = join(sshd.dir, 'declined_known_hosts');
    await expect(connect(options(file, { io: { confirmHostKey: async () => false } }))).rejects.toBeInstanceOf(HostKeyNotTrustedError);
    expect(() => statSync(file)).toThrow();
  });

  test('--yes without a pin refuses and says how to pin it', async () => {
    const error = (await connect(options(sshd.knownHostsFile(), { assumeYes: true })).catch((e: unknown) => e)) as Error;
    expect(error).toBeInstanceOf(HostKeyNotTrustedError);
    expect(error.message).toContain('hostKeyFingerprint');
    expect(error.message).toContain(serverFingerprint);
  });

  test('--yes with the right pinned fingerprint connects and records; a wrong pin is refused', async () => {
    const file = sshd.knownHostsFile();
    await (await connect(options(file, { assumeYes: true, pinnedFingerprint: serverFingerprint }))).close();
    expect(readFileSync(file, 'utf8')).toContain(`[127.0.0.1]:${sshd.port} ssh-ed25519 `);
    const wrong = 'SHA256:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';
    await expect(connect(options(sshd.knownHostsFile(), { assumeYes: true, pinnedFingerprint: wrong }))).rejects.toBeInstanceOf(
      HostKeyPinMismatchError,
    );
  });

  test('a key already in ~/.ssh/known_hosts (hashed entry) is trusted without asking', async () => {
    const userKnownHostsFile = join(sshd.dir, 'user_known_hosts');
    const pub = readFileSync(`${sshd.hostKeyFile}.pub`, 'utf8').split(' ').slice(0, 2).join(' ');
    writeFileSync(userKnownHostsFile, `[127.0.0.1]:${sshd.port} ${pub}\n`);
    await execa('ssh-keygen', ['-H', '-f', userKnownHostsFile]); // hash it as HashKnownHosts does
    expect(readFileSync(userKnownHostsFile, 'utf8')).toMatch(/^\|1\|/);
    const confirmHostKey = jest.fn(async (_fingerprint: string, _host: string) => true);
    await (await connect(options(sshd.knownHostsFile(), { userKnownHostsFile, io: { confirmHostKey } }))).close();
    expect(confirmHostKey).not.toHaveBeenCalled();
  });

  test('a changed host key stops the run naming both fingerprints', async () => {
    const file = sshd.knownHostsFile();
    const otherKey = join(sshd.dir, 'other_host_key');
    await keygen(otherKey);
    const otherPub = readFileSync(`${otherKey}.pub`, 'utf8').split(' ').slice(0, 2).join(' ');
    writeFileSync(file, `[127.0.0.1]:${sshd.port} ${otherPub}\n`, { mode: 0o600 });
    const oldFingerprint = await sshKeygenFingerprint(`${otherKey}.pub`);
    const confirmHostKey = jest.fn(async (_fingerprint: string, _host: string) => true);
    const error = (await connect(options(file, { io: { confirmHostKey } })).catch((e: unknown) => e)) as HostKeyChangedError;
    expect(error).toBeInstanceOf(HostKeyChangedError);
    expect(error.oldFingerprint).toBe(oldFingerprint);
    expect(error.newFingerprint).toBe(serverFingerprint);
    expect(error.message).toContain(oldFingerprint);
    expect(error.message).toContain(serverFingerprint);
    expect(error.message).toContain(file);
    expect(confirmHostKey).not.toHaveBeenCalled();
    // The recorded key is left as it was.
    expect(readFileSync(file, 'utf8')).toBe(`[127.0.0.1]:${sshd.port} ${otherPub}\n`);
  });
});
