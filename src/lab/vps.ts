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
import { GiveUp, daemonPid, startDaemon, stopDaemon, waitFor } from './process.js';
import { ensureRootfs } from './rootfs.js';
import { writeVpsFiles } from './vps-files.js';
import type { LabOs } from './types.js';

export function vpsDir(cfg: LabConfig, os: LabOs): string {
  return path.join(cfg.dir.machines, machineName(cfg, os));
}

const daemonName = (os: LabOs) => `vps-${os}`;

export async function vpsRunning(cfg: LabConfig, os: LabOs): Promise<boolean> {
  return (await daemonPid(cfg, daemonName(os))) !== null;
}

/** A fresh copy of the cached root, made into this VPS (seconds). */
export async function createVps(
  cfg: LabConfig,
  os: LabOs,
  opts: { publicKey: string; caCertFile: string; mirrorIps: string[]; log?: (l: string) => void },
): Promise<void> {
  const src = await ensureRootfs(os, opts.log);
  const dir = vpsDir(cfg, os);
  await rm(dir, { recursive: true, force: true });
  await mkdir(cfg.dir.machines, { recursive: true, mode: 0o700 });
  await execa('cp', ['-a', '--reflink=auto', src, dir]);
  await writeVpsFiles(cfg, os, dir, opts);
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
  if (!existsSync(dir)) throw new Error(`lab: no VPS at ${dir}`);
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
    return portOpen(vpsIpv4(cfg, os), 22);
  });
}

export async function stopVps(cfg: LabConfig, os: LabOs): Promise<void> {
  await stopDaemon(cfg, daemonName(os), 20000);
}

export async function removeVps(cfg: LabConfig, os: LabOs): Promise<void> {
  await stopVps(cfg, os);
  await rm(vpsDir(cfg, os), { recursive: true, force: true });
}
