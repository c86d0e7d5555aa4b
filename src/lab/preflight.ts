// The lab needs Linux, root and a few Debian packages; say so plainly.
import { describeMissing, proveHostTools } from './host-tools.js';

export class LabUnsupported extends Error {}

export function checkPlatform(): void {
  if (process.platform !== 'linux') {
    throw new LabUnsupported(`the lab runs on Linux only (this is ${process.platform}); it boots a Debian VPS with systemd-nspawn`);
  }
  if (typeof process.getuid === 'function' && process.getuid() !== 0) {
    throw new LabUnsupported('the lab needs root (it makes a network bridge, NAT rules and containers): run it with sudo');
  }
}

/** Every host tool the lab itself uses, proved by use; refuses with the packages to install. */
export async function checkTools(): Promise<void> {
  const missing = describeMissing(await proveHostTools('lab'));
  if (missing) throw new LabUnsupported(missing);
}
