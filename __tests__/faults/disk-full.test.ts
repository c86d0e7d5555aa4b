// The VPS's disk full in the middle of a write: a small tmpfs mounted inside
// the lab VPS stands in for a full /etc. Whether the new content itself or
// the backup copy does not fit, the write fails with a message, the original
// file keeps its content and mode, and no temp file is left behind.
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connectLab, type LabTarget } from '../helpers/provision.js';
import { sh } from '../../src/remote/quote.js';
import type { Remote } from '../../src/remote/types.js';
import { onVps, securityLab } from '../security/helpers/lab.js';

const DIR = '/srv/mailsetup-full';
const FILE = `${DIR}/chasquid.conf`;

let target: LabTarget | null = null;
let remote: Remote | undefined;
let stateDir: string;

beforeAll(async () => {
  target = await securityLab();
  if (!target) return;
  stateDir = mkdtempSync(join(tmpdir(), 'mailsetup-disk-full-'));
  remote = await connectLab(target, stateDir);
}, 60_000);

afterAll(async () => {
  if (target) await onVps(target, `umount ${DIR} 2>/dev/null; rmdir ${DIR} 2>/dev/null; true`);
  await remote?.close();
  if (stateDir) rmSync(stateDir, { recursive: true, force: true });
});

/** A fresh 256 KiB file system holding FILE (`original`, 0640), filled up to `leaveKiB` free. */
async function fullDisk(original: string, leaveKiB: number): Promise<void> {
  await onVps(target!, `umount ${DIR} 2>/dev/null; mkdir -p ${DIR} && mount -t tmpfs -o size=256k tmpfs ${DIR}`);
  await remote!.writeFile(FILE, original, { mode: 0o640 });
  // Fill in 1 KiB blocks until only `leaveKiB` are free.
  await onVps(target!, `free=$(( $(stat -f -c '%a*%S' ${DIR}) / 1024 - ${leaveKiB} )); [ "$free" -gt 0 ] && dd if=/dev/zero of=${DIR}/filler bs=1k count=$free 2>/dev/null; true`);
}

async function leftovers(): Promise<string[]> {
  const r = await onVps(target!, `ls -A ${DIR}`);
  return r.stdout.trim().split('\n').filter((f) => f && f !== 'filler' && f !== 'chasquid.conf');
}

const maybe = (name: string, fn: () => Promise<void>) =>
  test(name, async () => {
    if (!remote) return;
    await fn();
  }, 120_000);

describe('a full disk during a write', () => {
  maybe('the new content does not fit: the write fails, the original is intact, no temp file is left', async () => {
    const original = 'hostname: "smtp.example.test"\n';
    await fullDisk(original, 8);
    await expect(remote!.writeFile(FILE, 'x'.repeat(64 * 1024))).rejects.toThrow(/space|failure|cannot/i);
    expect((await remote!.readFile(FILE))?.toString()).toBe(original);
    expect((await remote!.exec(sh`stat -c %a ${FILE}`)).stdout.trim()).toBe('640');
    expect(await leftovers()).toEqual([]);
  });

  maybe('the new content fits but its backup does not: the write fails before replacing anything', async () => {
    const original = `${'# a long file the backup must copy\n'.repeat(2000)}`;
    await fullDisk(original, 16);
    await expect(remote!.writeFile(FILE, 'hostname: "smtp.example.test"\n')).rejects.toThrow();
    expect((await remote!.readFile(FILE))?.toString()).toBe(original);
    expect(await leftovers()).toEqual([]);
  });

  maybe('with room again, the same write succeeds and keeps the backup', async () => {
    const original = 'hostname: "old.example.test"\n';
    await fullDisk(original, 64);
    const result = await remote!.writeFile(FILE, 'hostname: "smtp.example.test"\n');
    expect(result.changed).toBe(true);
    expect((await remote!.readFile(result.backupPath!))?.toString()).toBe(original);
  });
});
