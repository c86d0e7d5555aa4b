// The VPS's disk full in the middle of a write: a small tmpfs mounted inside
// the lab VPS stands in for a full /etc. Whether the new content itself or
// the backup copy does not fit, the write fails with a message, the original
// file keeps its content and mode, and no temp file is left behind.
import { describe, expect } from '@jest/globals';
import { sh } from '../../src/remote/quote.js';
import { onVps } from '../security/helpers/lab.js';
import { labSuite } from '../security/helpers/lab-suite.js';

const DIR = '/srv/mailsetup-full';
const FILE = `${DIR}/chasquid.conf`;

const lab = labSuite({ name: 'disk-full', testTimeout: 120_000 });

lab.afterAll(() => onVps(lab.target, `umount ${DIR} 2>/dev/null; rmdir ${DIR} 2>/dev/null; true`));

/** A fresh 256 KiB file system holding FILE (`original`, 0640), filled up to `leaveKiB` free. */
async function fullDisk(original: string, leaveKiB: number): Promise<void> {
  await onVps(lab.target, `umount ${DIR} 2>/dev/null; mkdir -p ${DIR} && mount -t tmpfs -o size=256k tmpfs ${DIR}`);
  await lab.remote.writeFile(FILE, original, { mode: 0o640 });
  // Fill in 1 KiB blocks until only `leaveKiB` are free.
  await onVps(lab.target, `free=$(( $(stat -f -c '%a*%S' ${DIR}) / 1024 - ${leaveKiB} )); [ "$free" -gt 0 ] && dd if=/dev/zero of=${DIR}/filler bs=1k count=$free 2>/dev/null; true`);
}

async function leftovers(): Promise<string[]> {
  const r = await onVps(lab.target, `ls -A ${DIR}`);
  return r.stdout.trim().split('\n').filter((f) => f && f !== 'filler' && f !== 'chasquid.conf');
}

describe('a full disk during a write', () => {
  lab.test('the new content does not fit: the write fails, the original is intact, no temp file is left', async () => {
    const original = 'hostname: "smtp.example.test"\n';
    await fullDisk(original, 8);
    await expect(lab.remote.writeFile(FILE, 'x'.repeat(64 * 1024))).rejects.toThrow(/space|failure|cannot/i);
    expect((await lab.remote.readFile(FILE))?.toString()).toBe(original);
    expect((await lab.remote.exec(sh`stat -c %a ${FILE}`)).stdout.trim()).toBe('640');
    expect(await leftovers()).toEqual([]);
  });

  lab.test('the new content fits but its backup does not: the write fails before replacing anything', async () => {
    const original = `${'# a long file the backup must copy\n'.repeat(2000)}`;
    await fullDisk(original, 16);
    await expect(lab.remote.writeFile(FILE, 'hostname: "smtp.example.test"\n')).rejects.toThrow();
    expect((await lab.remote.readFile(FILE))?.toString()).toBe(original);
    expect(await leftovers()).toEqual([]);
  });

  lab.test('with room again, the same write succeeds and keeps the backup', async () => {
    const original = 'hostname: "old.example.test"\n';
    await fullDisk(original, 64);
    const result = await lab.remote.writeFile(FILE, 'hostname: "smtp.example.test"\n');
    expect(result.changed).toBe(true);
    expect((await lab.remote.readFile(result.backupPath!))?.toString()).toBe(original);
  });
});
