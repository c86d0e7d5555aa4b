// The engine's pure helpers: OS classification, diffs, dry-run, redaction, line splitting, command lines.
import { describe, expect, test } from '@jest/globals';
import { execa } from 'execa';
import { commandLine } from '../../src/remote/command-line.js';
import { unifiedDiff } from '../../src/remote/diff.js';
import { DryRunRemote } from '../../src/remote/dry-run.js';
import { LineSplitter } from '../../src/remote/lines.js';
import { classifyOs, detectOs, parseOsRelease } from '../../src/remote/os.js';
import { sh } from '../../src/remote/quote.js';
import { redact } from '../../src/remote/redact.js';
import type { ExecOptions, ExecResult, Remote, WriteResult } from '../../src/remote/types.js';
import { backupStamp } from '../../src/remote/write-script.js';

const UBUNTU_2204 = `PRETTY_NAME="Ubuntu 22.04.4 LTS"\nNAME="Ubuntu"\nVERSION_ID="22.04"\nVERSION_CODENAME=jammy\nID=ubuntu\nID_LIKE=debian\n`;
const DEBIAN_13 = `PRETTY_NAME="Debian GNU/Linux 13 (trixie)"\nNAME="Debian GNU/Linux"\nVERSION_ID="13"\nVERSION_CODENAME=trixie\nID=debian\n`;

describe('OS detection', () => {
  test('supported releases', () => {
    expect(classifyOs(UBUNTU_2204)).toMatchObject({ id: 'ubuntu', versionId: '22.04', codename: 'jammy', supported: true, installing: false });
    expect(classifyOs(DEBIAN_13)).toMatchObject({ id: 'debian', versionId: '13', supported: true });
    expect(classifyOs(UBUNTU_2204.replace(/22\.04/g, '24.04'))).toMatchObject({ supported: true });
  });
  test('anything else: unsupported, with a message naming what is supported', () => {
    const old = classifyOs(UBUNTU_2204.replace(/22\.04/g, '20.04'));
    expect(old.supported).toBe(false);
    expect(old.message).toContain('Ubuntu 22.04/24.04 and Debian 12/13');
    expect(classifyOs('ID=fedora\nVERSION_ID=40\nPRETTY_NAME="Fedora Linux 40"\n').message).toContain('Fedora Linux 40 is not supported');
    expect(classifyOs(null).message).toContain('no /etc/os-release');
  });
  test('TinyCore installer: installing, with the wait-and-retry advice', () => {
    const seen = classifyOs(null, 'Welcome to TinyCore 13!\n');
    expect(seen).toMatchObject({ installing: true, supported: false, id: 'tinycore' });
    expect(seen.message).toContain('Welcome to TinyCore 13!');
    expect(seen.message).toContain('the OS is still being installed: wait a few minutes and retry');
    // A real Ubuntu is never "installing".
    expect(classifyOs(UBUNTU_2204, 'tinycore mentioned in motd').installing).toBe(false);
  });
  test('os-release quoting', () => {
    expect(parseOsRelease(`A="x \\"y\\""\nB='z'\nC=plain\n`)).toEqual({ A: 'x "y"', B: 'z', C: 'plain' });
  });
  test('detectOs reads the files in one read-only command that works in plain sh', async () => {
    const seen: Array<{ text: string; options?: ExecOptions }> = [];
    const local = fakeRemote(async (command, options) => {
      seen.push({ text: command.text, options });
      // Run the real command against fake files by rewriting the paths to a local dir.
      const { stdout } = await execa('sh', ['-c', command.text.replace(/\/etc\/os-release/g, '/dev/null/none')]);
      return { code: 0, stdout, stderr: '' };
    });
    const info = await detectOs(local, { banner: 'Welcome to TinyCore 13!' });
    expect(info.installing).toBe(true);
    expect(seen[0]!.options?.readOnly).toBe(true);
  });
});

describe('unified diff', () => {
  test('equal texts: empty', () => expect(unifiedDiff('a\n', 'a\n', '/etc/x')).toBe(''));
  test('one changed line with context', () => {
    const before = 'a\nb\nc\nd\ne\nf\ng\nh\n';
    const after = 'a\nb\nc\nd\nE\nf\ng\nh\n';
    expect(unifiedDiff(before, after, '/etc/x')).toBe('--- a/etc/x\n+++ b/etc/x\n@@ -2,7 +2,7 @@\n b\n c\n d\n-e\n+E\n f\n g\n h\n');
  });
  test('new file', () => expect(unifiedDiff('', 'x\ny\n', '/etc/new')).toBe('--- /dev/null\n+++ b/etc/new\n@@ -0,0 +1,2 @@\n+x\n+y\n'));
  test('agrees with GNU diff -u on a mixed edit', async () => {
    const before = Array.from({ length: 30 }, (_, i) => `line ${i}`).join('\n') + '\n';
    const after = before.replace('line 3\n', '').replace('line 20', 'line twenty').replace('line 29\n', 'line 29\nline 30\n');
    const ours = unifiedDiff(before, after, '/f').split('\n').slice(2).join('\n');
    const { mkdtempSync, writeFileSync } = await import('node:fs');
    const dir = mkdtempSync('/tmp/mailsetup-diff-');
    writeFileSync(`${dir}/a`, before);
    writeFileSync(`${dir}/b`, after);
    const gnu = (await execa('diff', ['-u', `${dir}/a`, `${dir}/b`], { reject: false })).stdout.split('\n').slice(2).join('\n');
    expect(ours.trimEnd()).toBe(gnu.trimEnd());
  });
});

describe('DryRunRemote', () => {
  test('records changes, passes read-only commands and reads through, shows diffs', async () => {
    const ran: string[] = [];
    const real = fakeRemote(async (command) => {
      ran.push(command.text);
      return { code: 0, stdout: 'real output', stderr: '' };
    }, { '/etc/sysctl.conf': 'a = 1\n' });
    const dry = new DryRunRemote(real);
    expect((await dry.exec(sh`cat /etc/hostname`, { readOnly: true })).stdout).toBe('real output');
    expect((await dry.exec(sh`systemctl restart chasquid`)).code).toBe(0);
    await dry.exec(sh`chpasswd`, { stdin: 'user:secret' });
    expect(await dry.writeFile('/etc/sysctl.conf', 'a = 1\n')).toEqual({ changed: false });
    expect(await dry.writeFile('/etc/sysctl.conf', 'a = 2\n', { mode: 0o644 })).toEqual({ changed: true });
    expect((await dry.readFile('/etc/sysctl.conf'))!.toString()).toBe('a = 2\n');
    expect(ran).toEqual(['cat /etc/hostname']);
    expect(dry.commandCount).toBe(3);
    const listing = dry.listing();
    expect(listing).toContain('$ systemctl restart chasquid');
    expect(listing).toContain('(with input on stdin)');
    expect(listing).not.toContain('secret');
    expect(listing).toContain('write /etc/sysctl.conf (mode 0644)');
    expect(listing).toContain('-a = 1\n+a = 2');
  });
  test('works without a server', async () => {
    const dry = new DryRunRemote(undefined, 'root@mail');
    expect(dry.target).toBe('root@mail');
    expect(await dry.readFile('/x')).toBeNull();
    expect(await dry.writeFile('/x', 'y\n')).toEqual({ changed: true });
    expect(dry.listing()).toContain('+y');
  });
});

describe('small helpers', () => {
  test('redact masks every secret, longest first, ignores empties', () => {
    expect(redact('pw=abcd and abcdefg', ['abcd', 'abcdefg', ''])).toBe('pw=*** and ***');
    // Too short to be a secret: masking it would garble every address that has the digit.
    expect(redact('server 10.77.0.1, interval 1', ['1'])).toBe('server 10.77.0.1, interval 1');
    expect(redact('nothing', [])).toBe('nothing');
  });
  test('LineSplitter joins split lines and split UTF-8 characters, strips CR', () => {
    const lines: string[] = [];
    const s = new LineSplitter((l) => lines.push(l));
    const euro = Buffer.from('€');
    s.push(Buffer.concat([Buffer.from('pri'), euro.subarray(0, 1)]));
    s.push(Buffer.concat([euro.subarray(1), Buffer.from('ce\r\nnext\nlast')]));
    s.end();
    expect(lines).toEqual(['pri€ce', 'next', 'last']);
  });
  test('command lines: the command is one quoted argument; sudo reads the password from stdin', async () => {
    const line = commandLine("echo 'hi' $((1+2))", 'sudo-password', 30_000);
    expect(line.startsWith("sudo -S -k -p '' timeout -k 5 30 sh -c ")).toBe(true);
    const root = commandLine("echo 'hi' $((1+2))", 'root');
    expect((await execa('sh', ['-c', root])).stdout).toBe('hi 3');
  });
  test('backup stamp', () => {
    expect(backupStamp(new Date('2026-01-02T03:04:05.678Z'))).toBe('20260102T030405');
  });
});

function fakeRemote(
  exec: (command: { text: string }, options?: ExecOptions) => Promise<ExecResult>,
  files: Record<string, string> = {},
): Remote {
  return {
    target: 'root@fake',
    usesSudo: false,
    commandCount: 0,
    exec: (command, options) => exec(command, options),
    readFile: async (path) => (path in files ? Buffer.from(files[path]!) : null),
    writeFile: async (): Promise<WriteResult> => {
      throw new Error('the dry run must not write');
    },
    close: async () => undefined,
  };
}
