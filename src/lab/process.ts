// Background daemons of the lab (systemd-nspawn, named, pebble, the inbox).
// The host is not systemd-booted, so the lab starts them itself, detached,
// with a pid file and a log file each, and stops them by that pid alone
// (after checking /proc that the pid still is the program it started).
import fs from 'node:fs';
import { readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { execa, type Options } from 'execa';
import type { LabConfig } from './config.js';

export function pidFile(cfg: LabConfig, name: string): string {
  return path.join(cfg.dir.run, `${name}.pid`);
}

export function logFile(cfg: LabConfig, name: string): string {
  return path.join(cfg.dir.run, `${name}.log`);
}

async function cmdline(pid: number): Promise<string[] | null> {
  try {
    const raw = await readFile(`/proc/${pid}/cmdline`, 'utf8');
    return raw.split('\0').filter(Boolean);
  } catch {
    return null;
  }
}

/** The pid of daemon `name` if it runs and still is the program recorded. */
export async function daemonPid(cfg: LabConfig, name: string): Promise<number | null> {
  let text: string;
  try {
    text = await readFile(pidFile(cfg, name), 'utf8');
  } catch {
    return null;
  }
  const [pidText, marker] = text.trim().split('\n');
  const pid = Number(pidText);
  if (!Number.isInteger(pid) || pid <= 1) return null;
  const args = await cmdline(pid);
  // A zombie or another program that reused the pid is not ours.
  if (!args || args.length === 0 || !args.join(' ').includes(marker ?? '\0')) return null;
  return pid;
}

/**
 * Start `file args` detached; it outlives this process. `marker` is a string
 * its command line must contain for a later stop to recognise it.
 */
export async function startDaemon(
  cfg: LabConfig,
  name: string,
  file: string,
  args: string[],
  opts: { marker: string; env?: Record<string, string>; cwd?: string },
): Promise<number> {
  const log = fs.openSync(logFile(cfg, name), 'a', 0o600);
  try {
    // A plain file descriptor is handed to the child as is (execa accepts
    // it at run time; its types only list fds 3-9), so the log keeps being
    // written after this process has exited.
    const options = {
      detached: true,
      cleanup: false,
      reject: false,
      stdin: 'ignore',
      stdout: log,
      stderr: log,
      ...(opts.env ? { env: opts.env } : {}),
      ...(opts.cwd ? { cwd: opts.cwd } : {}),
    } as unknown as Options;
    const child = execa(file, args, options);
    // Its end is seen through the pid file, not this promise.
    child.catch(() => undefined);
    child.unref();
    const pid = child.pid;
    if (!pid) throw new Error(`could not start ${file}`);
    await writeFile(pidFile(cfg, name), `${pid}\n${opts.marker}\n`, { mode: 0o600 });
    return pid;
  } finally {
    fs.closeSync(log);
  }
}

function signal(pid: number, sig: NodeJS.Signals): void {
  try {
    process.kill(pid, sig);
  } catch {
    // already gone
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

export async function waitForExit(pid: number, ms: number): Promise<boolean> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (!alive(pid)) return true;
    // A child of this very process stays a zombie until reaped; treat a
    // zombie as gone.
    const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => '');
    if (/^\d+ \(.*\) Z /.test(stat)) return true;
    await sleep(100);
  }
  return !alive(pid);
}

/** SIGTERM, wait, then SIGKILL. systemd-nspawn turns SIGTERM into a clean poweroff. */
export async function stopDaemon(cfg: LabConfig, name: string, graceMs = 15000): Promise<void> {
  const pid = await daemonPid(cfg, name);
  if (pid) {
    signal(pid, 'SIGTERM');
    if (!(await waitForExit(pid, graceMs))) {
      signal(pid, 'SIGKILL');
      await waitForExit(pid, 5000);
    }
  }
  await rm(pidFile(cfg, name), { force: true });
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Thrown by a waitFor probe to stop waiting at once (the thing died). */
export class GiveUp extends Error {}

/** Poll `probe` until it returns true or `ms` pass; then throw with `what`. */
export async function waitFor(what: string, ms: number, probe: () => Promise<boolean>): Promise<void> {
  const end = Date.now() + ms;
  for (;;) {
    const ok = await probe().catch((e: unknown) => {
      if (e instanceof GiveUp) throw e;
      return false;
    });
    if (ok) return;
    if (Date.now() > end) throw new Error(`lab: timed out waiting for ${what}`);
    await sleep(200);
  }
}
