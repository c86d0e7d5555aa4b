// ~/.ssh/config and known_hosts parsing, fingerprints as OpenSSH prints them.
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { execa } from 'execa';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { resolveTarget } from '../../src/remote/connect.js';
import { fingerprint, keyType, normalizeFingerprint } from '../../src/remote/fingerprint.js';
import { verifyHostKey } from '../../src/remote/host-key.js';
import { entriesFor, hostsFieldMatches, hostToken, parseKnownHosts, recordHostKey } from '../../src/remote/known-hosts.js';
import { parseSshConfig } from '../../src/remote/ssh-config.js';
import { HostKeyChangedError } from '../../src/remote/errors.js';

const CONFIG = `
# comment
Host mail mail-alt
  HostName 203.0.113.5
  User admin
  Port 2222
  IdentityFile ~/.ssh/mail_%h
  IdentityFile=/abs/key

Host *.example.com !bad.example.com
  User web

Match host foo
  User matched

Host *
  User fallback
  Port 22
`;

describe('ssh config', () => {
  test('alias: HostName, User, Port, IdentityFile (tokens and ~ expanded), first value wins', () => {
    expect(parseSshConfig(CONFIG, 'mail', '/home/me')).toEqual({
      hostName: '203.0.113.5',
      user: 'admin',
      port: 2222,
      identityFiles: ['/home/me/.ssh/mail_203.0.113.5', '/abs/key'],
    });
  });
  test('wildcards and negation', () => {
    expect(parseSshConfig(CONFIG, 'www.example.com', '/h').user).toBe('web');
    expect(parseSshConfig(CONFIG, 'bad.example.com', '/h').user).toBe('fallback');
  });
  test('Match blocks are not applied; unknown host gets only Host * values', () => {
    expect(parseSshConfig(CONFIG, 'foo', '/h')).toEqual({ user: 'fallback', port: 22, identityFiles: [] });
  });
  test('resolveTarget: explicit options win over the file, defaults root@:22', () => {
    const dir = mkdtempSync(join(tmpdir(), 'mailsetup-cfg-'));
    try {
      const sshConfigFile = join(dir, 'config');
      writeFileSync(sshConfigFile, CONFIG);
      const base = { knownHostsFile: join(dir, 'kh'), sshConfigFile, homeDir: dir };
      expect(resolveTarget({ ...base, host: 'mail' })).toMatchObject({ host: '203.0.113.5', user: 'admin', port: 2222 });
      expect(resolveTarget({ ...base, host: 'mail', user: 'root', port: 22, identityFile: '/k' })).toEqual({
        host: '203.0.113.5',
        user: 'root',
        port: 22,
        identityFiles: ['/k'],
      });
      expect(resolveTarget({ ...base, host: '198.51.100.7', sshConfigFile: join(dir, 'none') })).toEqual({
        host: '198.51.100.7',
        user: 'root',
        port: 22,
        identityFiles: [],
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('fingerprints and known_hosts', () => {
  let dir: string;
  let blob: Buffer;
  let pubLine: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'mailsetup-kh-'));
    await execa('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', join(dir, 'k')]);
    pubLine = readFileSync(join(dir, 'k.pub'), 'utf8').trim();
    blob = Buffer.from(pubLine.split(' ')[1]!, 'base64');
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test('fingerprint equals ssh-keygen -l output', async () => {
    const { stdout } = await execa('ssh-keygen', ['-l', '-E', 'sha256', '-f', join(dir, 'k.pub')]);
    expect(fingerprint(blob)).toBe(stdout.split(' ')[1]);
    expect(keyType(blob)).toBe('ssh-ed25519');
    expect(normalizeFingerprint(fingerprint(blob).slice(7) + '=')).toBe(fingerprint(blob));
  });

  test('host tokens and patterns', () => {
    expect(hostToken('a.example', 22)).toBe('a.example');
    expect(hostToken('a.example', 2222)).toBe('[a.example]:2222');
    expect(hostsFieldMatches('a.example,b.example', 'b.example')).toBe(true);
    expect(hostsFieldMatches('*.example,!bad.example', 'bad.example')).toBe(false);
    expect(hostsFieldMatches('[a.example]:2222', 'a.example')).toBe(false);
  });

  test('hashed entries written by ssh-keygen -H are matched', async () => {
    const file = join(dir, 'hashed');
    writeFileSync(file, `[mail.example]:2222 ${pubLine.split(' ').slice(0, 2).join(' ')}\nother.example ${pubLine.split(' ').slice(0, 2).join(' ')}\n`);
    await execa('ssh-keygen', ['-H', '-f', file]);
    expect(entriesFor([file], 'mail.example', 2222)).toHaveLength(1);
    expect(entriesFor([file], 'mail.example', 22)).toHaveLength(0);
    expect(entriesFor([file], 'other.example', 22)).toHaveLength(1);
  });

  test('markers and comments are parsed; cert-authority lines are not host keys', () => {
    const entries = parseKnownHosts(`# c\n@cert-authority *.example ssh-ed25519 AAAA\n@revoked h ssh-ed25519 AAAA\nh ssh-rsa AAAA\n`);
    expect(entries.map((e) => e.marker)).toEqual(['@cert-authority', '@revoked', undefined]);
  });

  test('recording creates a 0600 file that OpenSSH can read', async () => {
    const file = join(dir, 'sub', 'known_hosts');
    recordHostKey(file, 'mail.example', 2222, 'ssh-ed25519', blob);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const { stdout } = await execa('ssh-keygen', ['-F', '[mail.example]:2222', '-f', file]);
    expect(stdout).toContain(pubLine.split(' ')[1]);
  });

  test('a changed key names the recorded file and line', async () => {
    const file = join(dir, 'changed');
    writeFileSync(file, `# first\nmail.example ssh-ed25519 ${Buffer.from('not the key').toString('base64')}\n`);
    const error = (await verifyHostKey({ host: 'mail.example', port: 22, knownHostsFile: file, readOnlyKnownHostsFiles: [] }, blob).catch(
      (e: unknown) => e,
    )) as HostKeyChangedError;
    expect(error).toBeInstanceOf(HostKeyChangedError);
    expect(error.recordedIn).toBe(`${file} line 2`);
    expect(error.newFingerprint).toBe(fingerprint(blob));
  });
});
