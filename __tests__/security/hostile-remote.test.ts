// Hostile values through the quoting function to a real Debian VPS: each one
// comes back byte for byte, as data, and the canary file that any of them
// would create if the shell ever interpreted it never appears. The same for
// remote.writeFile: hostile paths and content land literally.
import { beforeAll, describe, expect } from '@jest/globals';
import { quote, sh, UnquotableValueError } from '../../src/remote/quote.js';
import { onVps } from './helpers/lab.js';
import { labSuite } from './helpers/lab-suite.js';
import { tried } from './helpers/hostile.js';

const CANARY = '/tmp/mailsetup-canary';
const DIR = '/tmp/mailsetup-hostile';

const HOSTILE = [
  `; touch ${CANARY}`,
  `$(touch ${CANARY})`,
  `\`touch ${CANARY}\``,
  `'; touch ${CANARY}; '`,
  `"; touch ${CANARY}; "`,
  `\\'; touch ${CANARY}; #`,
  `\ntouch ${CANARY}\n`,
  `\r\ntouch ${CANARY}`,
  `|| touch ${CANARY}`,
  `&& touch ${CANARY}`,
  `& touch ${CANARY} &`,
  `> ${CANARY}`,
  `<(touch ${CANARY})`,
  `\${IFS}touch\${IFS}${CANARY}`,
  `$'\\x74ouch' ${CANARY}`,
  `!! ${CANARY}`,
  '*',
  '/etc/*',
  '~root',
  '-n',
  '--help',
  '',
  ' ',
  "'",
  '"',
  '\\',
  '$HOME',
  '%s%n',
  'pässwörd ✓ 日本語',
  '\u202etxt.exe', // right-to-left override
  `a${'x'.repeat(5000)}`,
];

const lab = labSuite({ name: 'hostile' });

beforeAll(async () => {
  await onVps(lab.target, `rm -rf ${CANARY} ${DIR}; mkdir -p ${DIR}`);
  // Each value as an argument, plus six hostile file names and the NUL byte.
  tried('remote shell values (lab VPS)', HOSTILE.length + 6 + 1);
});

lab.afterAll(() => onVps(lab.target, `rm -rf ${DIR}`));

async function canaryExists(): Promise<boolean> {
  return (await onVps(lab.target, `test -e ${CANARY}`)).code === 0;
}

describe('hostile values on a real VPS', () => {
  lab.test('each value, as one argument, comes back byte for byte', async () => {
    for (const value of HOSTILE) {
      const r = await lab.remote.exec(sh`printf '%s' ${value}`);
      expect(r.stdout).toBe(value);
    }
    expect(await canaryExists()).toBe(false);
  });

  lab.test('all of them in one command stay separate arguments', async () => {
    const r = await lab.remote.exec(sh`printf '%s\\0' ${HOSTILE}`);
    expect(r.stdout.split('\0').slice(0, -1)).toEqual(HOSTILE);
    expect(await canaryExists()).toBe(false);
  });

  lab.test('a value used as a file name names exactly that file', async () => {
    for (const [i, value] of HOSTILE.entries()) {
      if (value === '' || value.includes('/') || value.length > 200 || value === '.' ) continue;
      const dir = `${DIR}/arg-${i}`;
      await lab.remote.exec(sh`mkdir -p ${dir} && cd ${dir} && : > ${value} && ls -A`);
      const listed = await lab.remote.exec(sh`cd ${dir} && find . -mindepth 1 -maxdepth 1 -printf '%P\\0'`);
      expect(listed.stdout.split('\0').filter(Boolean)).toEqual([value]);
    }
    expect(await canaryExists()).toBe(false);
  });

  lab.test('a NUL byte is refused before anything is sent', async () => {
    const before = lab.remote.commandCount;
    expect(() => sh`echo ${'a\0b'}`).toThrow(UnquotableValueError);
    expect(() => quote('\0')).toThrow(UnquotableValueError);
    expect(lab.remote.commandCount).toBe(before);
  });

  lab.test('writeFile: hostile content lands byte for byte, a hostile path names exactly one file', async () => {
    const content = `${HOSTILE.join('\n')}\n\0binary\xff`;
    // No slash in a file name: the first one reaches /tmp/mailsetup-canary without one.
    const names = ['$(cd;cd ..;cd tmp;touch mailsetup-canary)', `a'b"c\`d`, `new\nline`, ' lead and trail ', '-rf', 'ünï ✓'];
    for (const [i, name] of names.entries()) {
      const path = `${DIR}/write-${i}-${name}`;
      const first = await lab.remote.writeFile(path, content, { mode: 0o600 });
      expect(first.changed).toBe(true);
      expect((await lab.remote.readFile(path))?.equals(Buffer.from(content))).toBe(true);
      // The second write replaces it atomically and keeps the old one as a backup beside it.
      const second = await lab.remote.writeFile(path, `${content}v2`, { mode: 0o600 });
      expect(second.backupPath?.startsWith(`${path}.mailsetup-`)).toBe(true);
      expect((await lab.remote.readFile(second.backupPath!))?.equals(Buffer.from(content))).toBe(true);
      const mode = await lab.remote.exec(sh`stat -c %a -- ${path}`);
      expect(mode.stdout.trim()).toBe('600');
    }
    // Nothing but the files named, their backups: no stray temp files.
    const listed = await lab.remote.exec(sh`find ${DIR} -maxdepth 1 -name 'write-*' -printf '%P\\0'`);
    const files = listed.stdout.split('\0').filter(Boolean);
    expect(files).toHaveLength(names.length * 2);
    expect(files.some((f) => f.includes('.mailsetup-') && !f.endsWith('.bak'))).toBe(false);
    expect(await canaryExists()).toBe(false);
  });

  lab.test('a secret sent on stdin never shows in the server\'s process list', async () => {
    const secret = `stdin-${Date.now()}-'$(touch ${CANARY})`;
    const run = lab.remote.exec(sh`read -r line; sleep 2; printf '%s' "$line"`, { stdin: `${secret}\n` });
    const ps = await onVps(lab.target, 'sleep 0.7; ps -eo args');
    expect((await run).stdout).toBe(secret);
    expect(ps.stdout).toContain('sleep 2');
    expect(ps.stdout).not.toContain(secret);
    expect(await canaryExists()).toBe(false);
  });
});
