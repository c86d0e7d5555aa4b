// Host keys through the real CLI (CLI_ENTRY) against a loopback sshd: an
// unknown key under --yes, a pin that does not match, and a key that changed
// since it was recorded each stop the run before anything is sent, naming
// the fingerprints; a matching pin is recorded in a 0600 known-hosts file.
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { execa } from 'execa';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { canRunSshd, keygen, startSshd, type TestSshd } from '../remote/sshd.js';
import { CLI_ENTRY } from '../helpers/cli-entry.js';

const CLI = CLI_ENTRY;
const suite = canRunSshd() && existsSync(CLI) ? describe : describe.skip;

async function fingerprintOf(pubFile: string): Promise<string> {
  const { stdout } = await execa('ssh-keygen', ['-l', '-E', 'sha256', '-f', pubFile]);
  return stdout.split(' ')[1]!;
}

suite('host keys at the command line', () => {
  let sshd: TestSshd;
  let work: string;
  let serverFp: string;
  let otherKey: string;
  let otherFp: string;

  beforeAll(async () => {
    sshd = await startSshd();
    work = mkdtempSync(join(tmpdir(), 'mailsetup-hostkey-cli-'));
    serverFp = await fingerprintOf(`${sshd.hostKeyFile}.pub`);
    otherKey = join(work, 'other_host_key');
    await keygen(otherKey);
    otherFp = await fingerprintOf(`${otherKey}.pub`);
  });
  afterAll(async () => {
    await sshd?.stop();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  function answers(name: string, pin?: string): string {
    const file = join(work, `${name}.yaml`);
    writeFileSync(
      file,
      JSON.stringify({
        host: { address: '127.0.0.1', port: sshd.port, identity: sshd.clientKey, ...(pin ? { hostKeyFingerprint: pin } : {}) },
        domain: 'example.com',
        tls: { dnsProvider: 'dns_cf' },
      }),
    );
    return file;
  }

  /** The CLI with a home of its own: no ~/.ssh/config, known_hosts or agent of this machine. */
  function run(args: string[], stateDir: string) {
    const home = join(work, 'home');
    return execa('node', [CLI, ...args, '--state-dir', stateDir], {
      reject: false,
      env: { HOME: home, SSH_AUTH_SOCK: '', PATH: process.env.PATH ?? '', CI: '1' },
      extendEnv: false,
      timeout: 60_000,
    });
  }

  test('--yes refuses an unknown key that is not pinned, printing its fingerprint and how to pin it', async () => {
    const stateDir = join(work, 'unknown');
    const r = await run(['--answers', answers('unknown'), '--yes'], stateDir);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toContain(serverFp);
    expect(r.stderr).toMatch(/hostKeyFingerprint/);
    expect(existsSync(join(stateDir, 'known_hosts'))).toBe(false);
  });

  test('a pin that differs stops the run with both fingerprints', async () => {
    const stateDir = join(work, 'mismatch');
    const r = await run(['--answers', answers('mismatch', otherFp), '--yes'], stateDir);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toContain(otherFp);
    expect(r.stderr).toContain(serverFp);
    expect(existsSync(join(stateDir, 'known_hosts'))).toBe(false);
  });

  test('a key that changed since it was recorded stops the run with both fingerprints, even when the new one is pinned', async () => {
    const stateDir = join(work, 'changed');
    const oldLine = readFileSync(`${otherKey}.pub`, 'utf8').split(' ').slice(0, 2).join(' ');
    const knownHosts = join(stateDir, 'known_hosts');
    await execa('mkdir', ['-p', stateDir]);
    writeFileSync(knownHosts, `[127.0.0.1]:${sshd.port} ${oldLine}\n`, { mode: 0o600 });
    const r = await run(['--answers', answers('changed', serverFp), '--yes'], stateDir);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toMatch(/CHANGED/);
    expect(r.stderr).toContain(otherFp);
    expect(r.stderr).toContain(serverFp);
    // The recorded key is left as it was: trusting the new one is the user's decision.
    expect(readFileSync(knownHosts, 'utf8')).toBe(`[127.0.0.1]:${sshd.port} ${oldLine}\n`);
  });

  test('--check with a changed key fails the SSH check and names both fingerprints', async () => {
    const stateDir = join(work, 'changed');
    const r = await run(['--check', '--host', `root@127.0.0.1:${sshd.port}`, '--identity', sshd.clientKey, '--domain', 'example.com', '--hostname', 'smtp.example.com', '--resolver', '127.0.0.1:9'], stateDir);
    expect(r.exitCode).toBe(1);
    expect(`${r.stdout}${r.stderr}`).toContain(otherFp);
    expect(`${r.stdout}${r.stderr}`).toContain(serverFp);
  }, 90_000);

  test('a matching pin is trusted and recorded; log and known-hosts files are 0600 in 0700 dirs; a dry run saves no state', async () => {
    const stateDir = join(work, 'pinned');
    const r = await run(['--answers', answers('pinned', serverFp), '--dry-run'], stateDir);
    expect(r.stderr).not.toMatch(/host key/i);
    const knownHosts = join(stateDir, 'known_hosts');
    expect(readFileSync(knownHosts, 'utf8')).toContain(`[127.0.0.1]:${sshd.port} ssh-ed25519 `);
    expect(statSync(knownHosts).mode & 0o777).toBe(0o600);
    const stateFile = join(stateDir, 'hosts', `root@127.0.0.1_${sshd.port}.json`);
    // A dry run changes nothing, its state file included: the answers it read are not saved.
    expect(existsSync(stateFile)).toBe(false);
    expect(statSync(stateDir).mode & 0o777).toBe(0o700);
    const logs = join(stateDir, 'logs');
    expect(statSync(logs).mode & 0o777).toBe(0o700);
    const { stdout } = await execa('find', [logs, '-type', 'f', '-printf', '%m\n']);
    expect(stdout.trim().split('\n').every((m) => m === '600')).toBe(true);
  }, 120_000);
});
