// The package-lock wait: its limit from MAILSETUP_APT_LOCK_WAIT, apt's own
// lines (as Debian 12's apt prints them) read for the lock holder, and the
// error that names the holder and the fix.
import { describe, expect, test } from '@jest/globals';
import { AptLockError, DEFAULT_LOCK_WAIT_SECONDS, isLockLine, lockHolder, lockTimedOut, lockWaitSeconds, waitingMessage } from '../../src/tasks/apt-lock.js';

const WAITING = 'Waiting for cache lock: Could not get lock /var/lib/dpkg/lock-frontend. It is held by process 852 (unattended-upgr)...';
const GAVE_UP = 'E: Unable to acquire the dpkg frontend lock (/var/lib/dpkg/lock-frontend), is another process using it?';

describe('the lock wait limit', () => {
  test('10 minutes unless MAILSETUP_APT_LOCK_WAIT says otherwise', () => {
    expect(lockWaitSeconds({})).toBe(DEFAULT_LOCK_WAIT_SECONDS);
    expect(DEFAULT_LOCK_WAIT_SECONDS).toBe(600);
    expect(lockWaitSeconds({ MAILSETUP_APT_LOCK_WAIT: '5' })).toBe(5);
    expect(lockWaitSeconds({ MAILSETUP_APT_LOCK_WAIT: ' 0 ' })).toBe(0);
  });

  test.each(['-1', '5s', '1e3', '99999999', '$(reboot)'])('%s is refused with the variable named', (value) => {
    expect(() => lockWaitSeconds({ MAILSETUP_APT_LOCK_WAIT: value })).toThrow(/MAILSETUP_APT_LOCK_WAIT=.* is not a number of seconds/);
  });
});

describe("apt's lock lines", () => {
  test('the waiting line is recognised and names the holder', () => {
    expect(isLockLine(WAITING)).toBe(true);
    expect(isLockLine('Unpacking chasquid (1.11-2) ...')).toBe(false);
    expect(isLockLine(GAVE_UP)).toBe(false);
    expect(lockHolder(WAITING)).toEqual({ pid: 852, name: 'unattended-upgr' });
    expect(waitingMessage(WAITING, 600)).toBe(
      'waiting for the package lock (up to 10 min): process 852 (unattended-upgr) holds the dpkg lock',
    );
    expect(waitingMessage('Waiting for cache lock', 5)).toBe(
      'waiting for the package lock (up to 5 s): another package manager (on a fresh VPS: unattended-upgrades) holds the dpkg lock',
    );
  });

  test('the last holder counts: it can change during a long wait', () => {
    expect(lockHolder(`${WAITING}\n${WAITING.replace('852 (unattended-upgr)', '901 (apt-get)')}`)).toEqual({ pid: 901, name: 'apt-get' });
  });

  test('only apt giving up is a timeout, not a wait that then went on', () => {
    expect(lockTimedOut(`${WAITING}\n${GAVE_UP}`)).toBe(true);
    expect(lockTimedOut('E: Could not get lock /var/lib/apt/lists/lock. It is held by process 77 (apt-get)')).toBe(true);
    expect(lockTimedOut(`${WAITING}\nE: Unable to locate package nosuch`)).toBe(false);
  });

  test('the error names the holder, the wait, and the fix', () => {
    const e = new AptLockError({ pid: 852, name: 'unattended-upgr' }, 5);
    expect(e.message).toMatch(/still held after waiting 5 s: process 852 \(unattended-upgr\)/);
    expect(e.message).toMatch(/ps -o pid,etime,args -p 852/);
    expect(e.message).toMatch(/MAILSETUP_APT_LOCK_WAIT=<seconds>, then run mailsetup again/);
    expect(new AptLockError(undefined, 600).message).toMatch(/after waiting 10 min: another package manager holds/);
  });
});
