// Output read from the server is hostile input: root there must not get to
// choose a path, a git setting or a terminal escape on this computer. One
// describe per parser of server output, each fed the nastiest output we can
// make: line breaks inside names, "..", terminal escapes, very long lines.
import { describe, expect, test } from '@jest/globals';
import { localPathOf, serverFileList, UnsafeServerPathError } from '../../src/tasks/backup-files.js';
import { hostile } from './helpers/hostile.js';

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
