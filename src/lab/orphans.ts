// A VPS whose systemd-nspawn was killed (a session ended, a crash, kill -9)
// leaves its container running without it: systemd inside is re-parented to
// the host's init, keeps the VPS's address and answers SSH. `lab up` would
// take that stray for the VPS it boots, and `lab down` would leave it behind.
// Such strays are found by their root mount (an overlay whose upper layer is
// in this lab's machines folder) and killed: killing a PID namespace's init
// ends every process in it.
import { readdir, readFile } from 'node:fs/promises';
import type { LabConfig } from './config.js';

async function read(path: string): Promise<string | null> {
  return readFile(path, 'utf8').catch(() => null);
}

async function isNspawnRunning(pid: string): Promise<boolean> {
  return (await read(`/proc/${pid}/comm`))?.trim() === 'systemd-nspawn';
}

/** PIDs of container inits of this lab instance whose systemd-nspawn is gone. */
export async function strayMachines(cfg: LabConfig): Promise<number[]> {
  const machines = `upperdir=${cfg.dir.machines}/`;
  const out: number[] = [];
  for (const pid of await readdir('/proc')) {
    if (!/^\d+$/.test(pid)) continue;
    const environ = await read(`/proc/${pid}/environ`);
    if (!environ?.split('\0').includes('container=systemd-nspawn')) continue;
    const mounts = await read(`/proc/${pid}/mountinfo`);
    const root = mounts?.split('\n').find((line) => line.split(' ')[4] === '/');
    if (!root?.includes(machines)) continue;
    const ppid = /^PPid:\s+(\d+)/m.exec((await read(`/proc/${pid}/status`)) ?? '')?.[1];
    // The container's own init has systemd-nspawn as parent while it runs.
    if (ppid && !(await isNspawnRunning(ppid)) && (await read(`/proc/${pid}/comm`))?.trim() === 'systemd') out.push(Number(pid));
  }
  return out;
}

/**
 * Every process still holding one machine of this lab (`dir` one VPS's root,
 * or any under the machines folder): its systemd-nspawn, by the directory on
 * its command line, and its container init, by the overlay it runs on.
 * `lab down` and a VPS stop end only when this is empty.
 */
export async function machineProcesses(cfg: LabConfig, dir?: string): Promise<number[]> {
  const nspawnArg = dir ?? `${cfg.dir.machines}/`;
  const upper = dir ? `upperdir=${dir}.upper,` : `upperdir=${cfg.dir.machines}/`;
  const out: number[] = [];
  for (const pid of await readdir('/proc')) {
    if (!/^\d+$/.test(pid) || Number(pid) === process.pid) continue;
    const args = (await read(`/proc/${pid}/cmdline`))?.split('\0') ?? [];
    if (args.some((a) => /(^|\/)systemd-nspawn$/.test(a))) {
      const i = args.indexOf('--directory');
      const target = i >= 0 ? args[i + 1] ?? '' : '';
      if (dir ? target === dir : target.startsWith(nspawnArg)) out.push(Number(pid));
      continue;
    }
    if (!(await read(`/proc/${pid}/environ`))?.split('\0').includes('container=systemd-nspawn')) continue;
    const root = (await read(`/proc/${pid}/mountinfo`))?.split('\n').find((line) => line.split(' ')[4] === '/');
    if (root?.includes(upper) && (await read(`/proc/${pid}/comm`))?.trim() === 'systemd') out.push(Number(pid));
  }
  return out;
}

/** SIGKILL whatever still holds the machine(s) and wait until it is gone; throw naming what stays. */
export async function killMachineProcesses(cfg: LabConfig, dir?: string, waitMs = 10_000): Promise<void> {
  let pids = await machineProcesses(cfg, dir);
  const deadline = Date.now() + waitMs;
  while (pids.length) {
    for (const pid of pids) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // gone meanwhile
      }
    }
    if (Date.now() > deadline) {
      throw new Error(`lab: processes of ${dir ?? cfg.dir.machines} do not end (pids ${pids.join(' ')}): look at them with ps -o pid,stat,cmd -p ${pids.join(',')}, then run mailsetup lab down again`);
    }
    await new Promise((r) => setTimeout(r, 100));
    pids = await machineProcesses(cfg, dir);
  }
}

export async function reapStrayMachines(cfg: LabConfig, log: (line: string) => void = () => undefined): Promise<void> {
  const pids = await strayMachines(cfg);
  if (!pids.length) return;
  for (const pid of pids) process.kill(pid, 'SIGKILL');
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline && (await strayMachines(cfg)).length) await new Promise((r) => setTimeout(r, 100));
  log(`stopped ${pids.length} VPS left running without its systemd-nspawn`);
}
