// Output read from the server is hostile input: root there must not get to
// choose a path, a git setting or a terminal escape on this computer. One
// describe per parser of server output, each fed the nastiest output we can
// make: line breaks inside names, "..", terminal escapes, very long lines.
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { results } from '../../src/checks/result.js';
import { parseIpAddr } from '../../src/checks/server-ips.js';
import { parseListeners } from '../../src/checks/service.js';
import { domainListing } from '../../src/server/domains.js';
import { sh } from '../../src/remote/quote.js';
import { serverText } from '../../src/remote/server-text.js';
import { RemoteCommandError } from '../../src/remote/types.js';
import { classifyOs, parseOsRelease } from '../../src/remote/os.js';
import { localPathOf, serverFileList, UnsafeServerPathError } from '../../src/tasks/backup-files.js';
import { selectorOfKeyFile } from '../../src/tasks/dkim.js';
import { connectAs } from '../remote/connect-helpers.js';
import { canRunSshd, startSshd, type TestSshd } from '../remote/sshd.js';
import { hostile, tried } from './helpers/hostile.js';

// What a terminal would act on: C0 controls but tab and line feed, DEL, C1, bidi overrides.
const ACTIVE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;
const ESC = '\u001b';
const NASTY_LINES = hostile('server output lines', [
  `${ESC}[2J${ESC}[H cleared the screen`,
  `${ESC}]0;new window title\u0007`,
  `${ESC}]52;c;${Buffer.from('rm -rf ~').toString('base64')}\u0007 (clipboard write)`,
  `ok\rFAKE: all good`,
  '\u009b31m 8-bit CSI',
  'right-to-left \u202egnp.exe',
  `${'x'.repeat(100_000)}`,
  'bell\u0007 and backspace\u0008\u0008',
]);

const ROOT = '/etc/chasquid';

describe('find -print0 (the backup\'s file list)', () => {
  const BAD = hostile('find output', [
    `${ROOT}/x\n../smtp.example.test/.git/config`,
    `${ROOT}/../../home/me/.bashrc`,
    `${ROOT}/domains/../../../etc/passwd`,
    `${ROOT}/./chasquid.conf`,
    `${ROOT}//chasquid.conf`,
    `${ROOT}/domains/`,
    '/etc/chasquidx/file',
    '/root/.ssh/authorized_keys',
    'relative/path',
    `${ROOT}/.git/config`,
    `${ROOT}/domains/.GIT/config`,
    `${ROOT}/domains/.git./hooks/pre-commit`,
    `${ROOT}/GIT~1/config`,
    `${ROOT}/\u001b]0;owned\u0007`,
    `${ROOT}/\u009b31mred`,
    `${ROOT}/a\rb`,
    `${ROOT}/${'a'.repeat(5000)}`,
  ]);

  test.each(BAD)('refuses %j, naming it short and escaped', (path) => {
    let error: unknown;
    try {
      serverFileList(`${ROOT}/chasquid.conf\0${path}\0`, ROOT);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(UnsafeServerPathError);
    const message = (error as Error).message;
    expect(message).not.toMatch(/[\u0000-\u001f\u007f-\u009f]/);
    expect(message.length).toBeLessThan(600);
  });

  test('ordinary names, also with spaces and quotes, are kept in order', () => {
    const names = [`${ROOT}/chasquid.conf`, `${ROOT}/domains/example.test/users`, `${ROOT}/domains/it's (1).txt`, `${ROOT}/certs/smtp.example.test/fullchain.pem`];
    expect(serverFileList(`${names.join('\0')}\0`, ROOT)).toEqual(names);
    expect(serverFileList('', ROOT)).toEqual([]);
  });

  test('a checked path lands inside the backup folder', () => {
    expect(localPathOf('/home/me/backup', `${ROOT}/domains/example.test/users`)).toBe('/home/me/backup/etc/chasquid/domains/example.test/users');
    expect(() => localPathOf('/home/me/backup', '/../../outside')).toThrow(UnsafeServerPathError);
  });
});

describe('server text on its way to the screen (command output, errors, check results)', () => {
  test.each(NASTY_LINES.map((l) => [l.slice(0, 40), l]))('%j is shown inert and short', (_name, line) => {
    const safe = serverText(line);
    expect(safe).not.toMatch(ACTIVE);
    expect(safe.length).toBeLessThan(1100);
    const error = new RemoteCommandError('cat /var/log/x', 1, [line, `second ${line}`]);
    expect(error.message).not.toMatch(ACTIVE);
    expect(error.lastLines.every((l) => !ACTIVE.test(l) && !l.includes('\n'))).toBe(true);
    const result = results('Service').fail('service.x', `title ${line}`, `details ${line}`, `fix ${line}`);
    expect(JSON.stringify([result.title, result.details, result.fix])).not.toMatch(/\\u001b|\\u009b|\\u202e/);
    expect(`${result.title}${result.details}${result.fix}`).not.toMatch(ACTIVE);
  });

  test('plain text and line breaks between lines are kept', () => {
    expect(serverText('chasquid is active\nsecond line\twith a tab')).toBe('chasquid is active\nsecond line\twith a tab');
  });
});

describe('ip -o addr (the server\'s addresses, which become SPF and DNS records)', () => {
  test('only real addresses of the right family are taken', () => {
    tried('ip addr output', 6);
    const output = [
      '2: eth0    inet 203.0.113.7/24 brd 203.0.113.255 scope global eth0',
      '2: eth0    inet 999.1.1.1/24 scope global eth0',
      '2: eth0    inet 1.2.3/24 scope global eth0',
      '2: eth0    inet6 ::::/64 scope global',
      '2: eth0    inet6 2001:db8::7/64 scope global',
      `3: eth1    inet 198.51.100.1/24 ${ESC}[2J${'y'.repeat(50_000)}`,
      '2: eth0    inet 203.0.113.8 include:evil.example/24 scope global',
      '2: eth0    inet6 203.0.113.9/64 scope global',
    ].join('\n');
    expect(parseIpAddr(output)).toEqual({ v4: ['203.0.113.7', '198.51.100.1'], v6: ['2001:db8::7'] });
  });
});

describe('ls of /etc/chasquid/domains (the served domains)', () => {
  test('names that are not domains in their normal form are left out', () => {
    const names = hostile('domain listing entries', ['..', '.', 'Example.COM', 'a b.test', `x${ESC}[2J.test`, 'evil.test;id', '-rf', `${'a'.repeat(300)}.test`, 'x\u202e.test']);
    expect(domainListing(['example.com', ...names, 'second.test', ''].join('\n'))).toEqual(['example.com', 'second.test']);
  });
});

describe('DKIM key file names (the selector names a DNS record)', () => {
  test.each(hostile('dkim key file names', ['dkim:a b.pem', `dkim:x${ESC}.pem`, 'dkim:../../x.pem', 'dkim:x;id.pem', 'dkim:.pem', `dkim:${'s'.repeat(300)}.pem`, 'dkim:a\nb.pem']))('%j gives no selector', (name) => {
    expect(selectorOfKeyFile(name)).toBeUndefined();
  });
  test('a real one does', () => {
    expect(selectorOfKeyFile('dkim:ms20261128.pem')).toBe('ms20261128');
  });
});

describe('ss -ltnpH (who listens on the SMTP ports)', () => {
  test('odd lines are skipped, odd process names stay data', () => {
    tried('ss output', 4);
    const output = [
      'LISTEN 0 4096 0.0.0.0:25 0.0.0.0:* users:(("chasquid",pid=10,fd=3))',
      `LISTEN 0 4096 0.0.0.0:465 0.0.0.0:* users:(("${ESC}]0;x\u0007",pid=11,fd=3))`,
      'garbage line without columns',
      `LISTEN 0 4096 [::]:notaport [::]:* ${'z'.repeat(10_000)}`,
      'LISTEN',
    ].join('\n');
    const listeners = parseListeners(output);
    expect(listeners.get(25)).toEqual(['chasquid']);
    expect([...listeners.keys()].every((p) => Number.isInteger(p))).toBe(true);
  });
});

describe('os-release (the server\'s name for itself, shown in titles)', () => {
  test('a hostile PRETTY_NAME is read as data and shown inert', () => {
    tried('os-release', 1);
    const fields = parseOsRelease(`ID=debian\nVERSION_ID="12"\nPRETTY_NAME="Debian${ESC}[2J\u202e"\n`);
    expect(fields.ID).toBe('debian');
    expect(serverText(fields.PRETTY_NAME ?? '')).not.toMatch(ACTIVE);
    const detected = classifyOs(`ID=evil\nVERSION_ID="1"\nPRETTY_NAME="Evil${ESC}[2J\u202e${'x'.repeat(5000)}"\n`);
    expect(detected.prettyName).not.toMatch(ACTIVE);
    expect(detected.message!.length).toBeLessThan(500);
  });
});

const withSshd = canRunSshd() ? describe : describe.skip;

withSshd('a real command\'s hostile output through the SSH engine (loopback sshd)', () => {
  let sshd: TestSshd;
  beforeAll(async () => {
    sshd = await startSshd();
  });
  afterAll(async () => {
    await sshd?.stop();
  });

  test('live lines (task output, journal lines) and a failure\'s last lines arrive inert', async () => {
    tried('live output through ssh', NASTY_LINES.length);
    const remote = await connectAs(sshd, 'root');
    try {
      const seen: string[] = [];
      await remote.exec(sh`printf '%s\n' ${NASTY_LINES}`, { onLine: (line) => seen.push(line) });
      expect(seen.length).toBe(NASTY_LINES.length);
      expect(seen.every((l) => !ACTIVE.test(l) && l.length < 1100)).toBe(true);
      const failed = await remote.exec(sh`printf '%s\n' ${NASTY_LINES}; exit 3`).catch((e: Error) => e);
      expect(failed).toBeInstanceOf(RemoteCommandError);
      expect((failed as Error).message).not.toMatch(ACTIVE);
    } finally {
      await remote.close();
    }
  });
});
