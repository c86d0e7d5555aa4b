// Atomic writes with backups, as root and through sudo (a normal user): one
// remote command each, the content on stdin, compared on the server.
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { chmodSync, chownSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SshRemote } from '../../src/remote/ssh-remote.js';
import { connectAs } from './connect-helpers.js';
import { canRunSshd, hasSudo, startSshd, SUDO_USER, type TestSshd } from './sshd.js';

const suite = canRunSshd() ? describe : describe.skip;

suite('atomic remote writes', () => {
  let sshd: TestSshd;
  let work: string;
  const sessions: Record<string, SshRemote> = {};
  beforeAll(async () => {
    sshd = await startSshd();
    sessions.root = await connectAs(sshd, 'root');
    if (hasSudo()) sessions.sudo = await connectAs(sshd, SUDO_USER);
    // A root-only directory, like /etc/chasquid: the sudo user cannot write here itself.
    work = mkdtempSync('/var/tmp/mailsetup-write-');
  });
  afterAll(async () => {
    for (const s of Object.values(sessions)) await s.close();
    rmSync(work, { recursive: true, force: true });
    await sshd?.stop();
  });

  const backupsOf = (path: string) =>
    readdirSync(join(path, '..')).filter((f) => f.startsWith(`${path.split('/').pop()}.mailsetup-`) && f.endsWith('.bak'));
  const leftovers = (dir: string) => readdirSync(dir).filter((f) => f.startsWith('.'));

  for (const who of ['root', 'sudo'] as const) {
    (who === 'sudo' && !hasSudo() ? describe.skip : describe)(`as ${who}`, () => {
      test('new file: written with the asked mode, no backup', async () => {
        const path = join(work, `${who}-new.conf`);
        const result = await sessions[who]!.writeFile(path, 'hello\n', { mode: 0o640 });
        expect(result).toEqual({ changed: true });
        expect(readFileSync(path, 'utf8')).toBe('hello\n');
        expect(statSync(path).mode & 0o777).toBe(0o640);
        expect(statSync(path).uid).toBe(0);
        expect(backupsOf(path)).toEqual([]);
        expect(leftovers(work)).toEqual([]);
      });

      test('changed content: old content kept in a timestamped backup with its mode and owner', async () => {
        const path = join(work, `${who}-main.cf`);
        writeFileSync(path, 'old content\n');
        chmodSync(path, 0o600);
        chownSync(path, 65534, 65534);
        const result = await sessions[who]!.writeFile(path, 'new content\n');
        expect(result.changed).toBe(true);
        expect(result.backupPath).toMatch(new RegExp(`^${path}\\.mailsetup-\\d{8}T\\d{6}\\.bak$`));
        expect(readFileSync(path, 'utf8')).toBe('new content\n');
        expect(readFileSync(result.backupPath!, 'utf8')).toBe('old content\n');
        // The new file keeps the old mode and owner, so does the backup.
        for (const p of [path, result.backupPath!]) {
          expect(statSync(p).mode & 0o777).toBe(0o600);
          expect(statSync(p).uid).toBe(65534);
        }
        expect(leftovers(work)).toEqual([]);
      });

      test('identical content: changed=false and nothing written', async () => {
        const path = join(work, `${who}-same.conf`);
        writeFileSync(path, 'same\n');
        const before = statSync(path);
        const result = await sessions[who]!.writeFile(path, 'same\n');
        expect(result).toEqual({ changed: false });
        const after = statSync(path);
        expect(after.ino).toBe(before.ino);
        expect(after.mtimeMs).toBe(before.mtimeMs);
        expect(backupsOf(path)).toEqual([]);
      });

      test('identical content with a mode asked: the mode is set, the file is not rewritten', async () => {
        const path = join(work, `${who}-same-mode.conf`);
        writeFileSync(path, 'same\n');
        chmodSync(path, 0o644);
        const before = statSync(path);
        const result = await sessions[who]!.writeFile(path, 'same\n', { mode: 0o600 });
        expect(result).toEqual({ changed: false });
        const after = statSync(path);
        expect(after.mode & 0o777).toBe(0o600);
        expect(after.ino).toBe(before.ino);
        expect(backupsOf(path)).toEqual([]);
        expect(leftovers(work)).toEqual([]);
      });

      test('a directory in the way is refused, not written into', async () => {
        const path = join(work, `${who}-dir.conf`);
        mkdirSync(path);
        await expect(sessions[who]!.writeFile(path, 'x\n')).rejects.toThrow(/is a directory/);
        expect(readdirSync(path)).toEqual([]);
        expect(leftovers(work)).toEqual([]);
      });

      test('two writes in the same second keep two distinct backups', async () => {
        const path = join(work, `${who}-twice.conf`);
        writeFileSync(path, 'v1\n');
        const a = await sessions[who]!.writeFile(path, 'v2\n');
        const b = await sessions[who]!.writeFile(path, 'v3\n');
        expect(a.backupPath).not.toBe(b.backupPath);
        expect(readFileSync(b.backupPath!, 'utf8')).toBe('v2\n');
      });

      test('binary content and a hostile file name survive', async () => {
        const path = join(work, `${who} it's $(x) ; name`);
        const bytes = Buffer.from([0, 1, 2, 255, 10, 13, 0x27, 0x22]);
        await sessions[who]!.writeFile(path, bytes);
        expect(readFileSync(path).equals(bytes)).toBe(true);
        expect((await sessions[who]!.readFile(path))!.equals(bytes)).toBe(true);
      });

      test('a large file (3 MB) arrives whole', async () => {
        const path = join(work, `${who}-large.bin`);
        const big = Buffer.alloc(3 * 1024 * 1024, 'abcdefghijklmnopqrstuvwxyz\n');
        await sessions[who]!.writeFile(path, big);
        expect(readFileSync(path).equals(big)).toBe(true);
        expect((await sessions[who]!.readFile(path))!.equals(big)).toBe(true);
      });

      test('a symlinked file is written through, the link stays a link', async () => {
        const real = join(work, `${who}-sysctl.conf`);
        const link = join(work, `${who}-99-sysctl.conf`);
        writeFileSync(real, 'a = 1\n');
        symlinkSync(real, link);
        const result = await sessions[who]!.writeFile(link, 'a = 0\n');
        expect(lstatSync(link).isSymbolicLink()).toBe(true);
        expect(readFileSync(real, 'utf8')).toBe('a = 0\n');
        expect(readFileSync(result.backupPath!, 'utf8')).toBe('a = 1\n');
      });

      test('readFile: content, or null when missing', async () => {
        const path = join(work, `${who}-read.txt`);
        writeFileSync(path, 'secret-ish\n', { mode: 0o600 });
        expect((await sessions[who]!.readFile(path))!.toString()).toBe('secret-ish\n');
        expect(await sessions[who]!.readFile(join(work, 'missing'))).toBeNull();
      });
    });
  }

  (hasSudo() ? test : test.skip)('a secret file written through sudo arrives intact (content goes on stdin, not argv)', async () => {
    const path = join(work, 'secret.env');
    const secret = `TOKEN=${'s3cr3t'.repeat(4)}`;
    await sessions.sudo!.writeFile(path, `${secret}\n`, { mode: 0o600 });
    expect(existsSync(path)).toBe(true);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(readFileSync(path, 'utf8')).toBe(`${secret}\n`);
  });
});
