// The lab needs Linux, root and a few Debian packages; say so plainly.
import { readFile } from 'node:fs/promises';
import { execa } from 'execa';
import { labAsset } from './assets.js';

export class LabUnsupported extends Error {}

const TOOLS = ['debootstrap', 'systemd-nspawn', 'named', 'pebble', 'nft', 'ip', 'openssl', 'ssh-keygen', 'ssh', 'tsig-keygen', 'nsupdate', 'dig'];

export function checkPlatform(): void {
  if (process.platform !== 'linux') {
    throw new LabUnsupported(`the lab runs on Linux only (this is ${process.platform}); it boots a Debian VPS with systemd-nspawn`);
  }
  if (typeof process.getuid === 'function' && process.getuid() !== 0) {
    throw new LabUnsupported('the lab needs root (it makes a network bridge, NAT rules and containers): run it with sudo');
  }
}

export async function checkTools(): Promise<void> {
  const missing: string[] = [];
  for (const t of TOOLS) {
    const r = await execa('sh', ['-c', 'command -v "$1"', 'sh', t], { reject: false });
    if (r.exitCode !== 0) missing.push(t);
  }
  if (missing.length) {
    const pkgs = (await readFile(labAsset('host-packages.txt'), 'utf8')).split('\n').filter(Boolean);
    throw new LabUnsupported(`missing ${missing.join(', ')}: apt-get install -y ${pkgs.join(' ')}`);
  }
}
