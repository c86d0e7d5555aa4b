// How long apt may wait for the package manager's lock, and what to say
// while it waits and when it gives up. A fresh VPS often runs
// unattended-upgrades in its first minutes; apt then waits for the dpkg lock
// (DPkg::Lock::Timeout) instead of failing at once with "Could not get lock".
import { serverLine } from '../remote/server-text.js';

export const LOCK_WAIT_VARIABLE = 'MAILSETUP_APT_LOCK_WAIT';
export const DEFAULT_LOCK_WAIT_SECONDS = 600;
const MAX_LOCK_WAIT_SECONDS = 86_400;

/** Seconds apt waits for the lock: MAILSETUP_APT_LOCK_WAIT, or 10 minutes. */
export function lockWaitSeconds(env: NodeJS.ProcessEnv = process.env): number {
  const value = env[LOCK_WAIT_VARIABLE]?.trim();
  if (!value) return DEFAULT_LOCK_WAIT_SECONDS;
  if (!/^\d+$/.test(value) || Number(value) > MAX_LOCK_WAIT_SECONDS) {
    throw new Error(
      `${LOCK_WAIT_VARIABLE}=${JSON.stringify(value).slice(0, 40)} is not a number of seconds from 0 to ${MAX_LOCK_WAIT_SECONDS}; ` +
        `set it to e.g. 600 (the default, 10 minutes) or unset it, then run mailsetup again.`,
    );
  }
  return Number(value);
}

export const describeWait = (seconds: number): string =>
  seconds % 60 === 0 && seconds >= 60 ? `${seconds / 60} min` : `${seconds} s`;

export interface LockHolder {
  pid: number;
  name: string;
}

/** apt names the holder: "Could not get lock /var/lib/dpkg/lock-frontend. It is held by process 1234 (unattended-upgr)". */
export function lockHolder(text: string): LockHolder | undefined {
  // The last mention: after a long wait the holder may have changed.
  const m = [...text.matchAll(/held by process (\d+)(?: \(([^)]*)\))?/g)].pop();
  return m ? { pid: Number(m[1]), name: m[2] || 'unknown' } : undefined;
}

// apt's words, from the server: the name is shown inert (server-text.ts).
const holderText = (h: LockHolder | undefined) => (h ? `process ${h.pid} (${serverLine(h.name, 40)})` : 'another package manager');

/** apt prints this while it waits (DPkg::Lock::Timeout); its final "E:" line is the error, not the wait. */
export const isLockLine = (line: string): boolean => !/^E:/.test(line) && /could not get lock|waiting for cache lock/i.test(line);

/** The step's progress line while apt waits. */
export function waitingMessage(line: string, seconds: number): string {
  const holder = lockHolder(line);
  // Short enough for one line of an 80-column screen once apt names the holder.
  const who = holder ? holderText(holder) : `${holderText(holder)} (on a fresh VPS: unattended-upgrades)`;
  return `waiting for the package lock (up to ${describeWait(seconds)}): ${who} holds the dpkg lock`;
}

/**
 * apt gave up on the lock: its error lines ("E: Could not get lock ...") say
 * so; the progress lines of a wait that then succeeded do not start with E:.
 */
export const lockTimedOut = (output: string): boolean => /^E: (could not get lock|unable to acquire the dpkg)/im.test(output);

export class AptLockError extends Error {
  constructor(
    readonly holder: LockHolder | undefined,
    readonly waitedSeconds: number,
  ) {
    const who = holderText(holder);
    const look = holder ? ` (see it with: ps -o pid,etime,args -p ${holder.pid})` : ' (see it with: ps -C apt,apt-get,dpkg,unattended-upgr -o pid,etime,args)';
    super(
      `the package lock is still held after waiting ${describeWait(waitedSeconds)}: ${who} holds the dpkg lock${look}. ` +
        `Wait for it to finish (unattended-upgrades on a fresh VPS usually takes a few minutes), or let mailsetup wait longer with ` +
        `${LOCK_WAIT_VARIABLE}=<seconds>, then run mailsetup again. Do not delete the lock file. Nothing was installed.`,
    );
    this.name = 'AptLockError';
  }
}
