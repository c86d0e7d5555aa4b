// One VPS: a copy of the cached root, booted by systemd-nspawn with systemd
// as PID 1 in its own network namespace, its veth plugged into the lab
// bridge. nspawn runs as a lab daemon (the host has no systemd to register
// machines with, hence --register=no --keep-unit).
import { existsSync } from 'node:fs';
import { mkdir, readFile, rm } from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import { execa } from 'execa';
import { machineName, vpsIpv4, type LabConfig } from './config.js';
import { FLAVOUR_SPECS } from './flavours.js';
import { GiveUp, daemonPid, startDaemon, stopDaemon, waitFor } from './process.js';
import { killMachineProcesses } from './orphans.js';
import { writeVpsFiles } from './vps-files.js';
import { applyFlavour, lowerDirs, vpsFlavour } from './vps-flavour.js';
import type { LabFlavour, LabOs } from './types.js';

export function vpsDir(cfg: LabConfig, os: LabOs): string {
  return path.join(cfg.dir.machines, machineName(cfg, os));
}

const daemonName = (os: LabOs) => `vps-${os}`;

export async function vpsRunning(cfg: LabConfig, os: LabOs): Promise<boolean> {
  return (await daemonPid(cfg, daemonName(os))) !== null;
}

// A VPS's root is an overlay: the cached root below (read-only, shared),
// the VPS's own changes above. A fresh VPS is an empty upper dir: instant,
// where copying the ~350 MB tree took 3 to 30 s depending on disk load.
const upperDir = (cfg: LabConfig, os: LabOs) => `${vpsDir(cfg, os)}.upper`;
const workDir = (cfg: LabConfig, os: LabOs) => `${vpsDir(cfg, os)}.work`;

async function isMounted(dir: string): Promise<boolean> {
  const info = await readFile('/proc/self/mountinfo', 'utf8');
  return info.split('\n').some((l) => l.split(' ')[4] === dir);
}

async function mountVps(cfg: LabConfig, os: LabOs, lower: string): Promise<void> {
  const dir = vpsDir(cfg, os);
  if (await isMounted(dir)) return;
  await mkdir(dir, { recursive: true });
  await execa('mount', [
    '-t', 'overlay', 'overlay',
    '-o', `lowerdir=${lower},upperdir=${upperDir(cfg, os)},workdir=${workDir(cfg, os)}`,
    dir,
  ]);
}

async function unmountVps(cfg: LabConfig, os: LabOs): Promise<void> {
  const dir = vpsDir(cfg, os);
  if (await isMounted(dir)) await execa('umount', [dir]);
}

/** A fresh VPS: an empty overlay on the cached root, made into this VPS. */
export async function createVps(
  cfg: LabConfig,
  os: LabOs,
  opts: { publicKey: string; caCertFile: string; mirrorIps: string[]; flavour: LabFlavour; log?: (l: string) => void },
): Promise<void> {
  const lower = await lowerDirs(opts.flavour, os, opts.log);
  await unmountVps(cfg, os);
  for (const d of [vpsDir(cfg, os), upperDir(cfg, os), workDir(cfg, os)]) {
    await rm(d, { recursive: true, force: true });
    await mkdir(d, { recursive: true, mode: 0o755 });
  }
  await mountVps(cfg, os, lower);
  await writeVpsFiles(cfg, os, vpsDir(cfg, os), opts);
  await applyFlavour(cfg, os, vpsDir(cfg, os), opts.flavour);
}

export function vpsExists(cfg: LabConfig, os: LabOs): boolean {
  return existsSync(upperDir(cfg, os));
}

function portOpen(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.connect({ host, port, timeout: 1000 });
    s.once('connect', () => (s.destroy(), resolve(true)));
    s.once('error', () => resolve(false));
    s.once('timeout', () => (s.destroy(), resolve(false)));
  });
}

export async function bootVps(cfg: LabConfig, os: LabOs): Promise<void> {
  if (await vpsRunning(cfg, os)) return;
  const dir = vpsDir(cfg, os);
  if (!vpsExists(cfg, os)) throw new Error(`lab: no VPS at ${dir}`);
  // After a host reboot the overlay is gone but the VPS's changes are kept.
  await mountVps(cfg, os, await lowerDirs(await vpsFlavour(dir), os));
  // nspawn wants this directory for mount propagation (DESIGN pitfall).
  await mkdir('/run/systemd/nspawn/propagate', { recursive: true });
  await startDaemon(cfg, daemonName(os), 'systemd-nspawn', [
    '--directory', dir,
    '--machine', machineName(cfg, os),
    '--boot', '--register=no', '--keep-unit',
    `--network-bridge=${cfg.bridge}`,
    '--resolv-conf=off', '--timezone=off', '--link-journal=no',
    '--console=passive',
  ], { marker: dir });
  await waitFor(`sshd on ${os}`, 60000, async () => {
    if (!(await vpsRunning(cfg, os))) {
      const log = await readFile(path.join(cfg.dir.run, `${daemonName(os)}.log`), 'utf8').catch(() => '');
      throw new GiveUp(`lab: systemd-nspawn for ${os} exited:\n${log.split('\n').slice(-20).join('\n')}`);
    }
    return portOpen(vpsIpv4(cfg, os), FLAVOUR_SPECS[await vpsFlavour(dir)].ssh.port);
  });
}

export async function stopVps(cfg: LabConfig, os: LabOs): Promise<void> {
  await stopDaemon(cfg, daemonName(os), 20000);
  // The daemon's pid alone is not the whole machine: an nspawn that did not
  // end within its grace, or a container init it left behind, would outlive
  // `lab down`. Stopping returns only when no process holds this VPS.
  await killMachineProcesses(cfg, vpsDir(cfg, os));
  // The kernel removes the veth when the VPS's network namespace goes, a
  // moment after nspawn exits; wait for it so `lab down` leaves none.
  // nspawn shortens the name; the full one is an altname.
  const veth = `vb-${machineName(cfg, os)}`;
  const gone = async () => (await execa('ip', ['link', 'show', 'dev', veth], { reject: false })).exitCode !== 0;
  await waitFor(`${veth} to go`, 10000, gone).catch(async () => {
    await execa('ip', ['link', 'del', 'dev', veth], { reject: false });
  });
}

export async function removeVps(cfg: LabConfig, os: LabOs): Promise<void> {
  await stopVps(cfg, os);
  await unmountVps(cfg, os);
  for (const d of [vpsDir(cfg, os), upperDir(cfg, os), workDir(cfg, os)]) {
    await rm(d, { recursive: true, force: true });
  }
}
