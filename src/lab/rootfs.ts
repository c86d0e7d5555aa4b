// The cached Debian root filesystems the VPSes are copied from. Built once
// with debootstrap (a minute or two each) outside the repo and outside the
// state dir, so `lab down` keeps them and the next `lab up` is quick.
import { existsSync } from 'node:fs';
import { lstat, mkdir, readFile, readdir, rename, rm, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { execa } from 'execa';
import { cacheDir, MIRROR_URL, OS_SPECS } from './config.js';
import type { LabOs } from './types.js';

// Bump when the customisation below changes: cached trees are rebuilt.
const ROOTFS_VERSION = 1;
const STAMP = '.mailsetup-lab-rootfs';
const DONE = '.mailsetup-lab-debootstrap-done';

// What a freshly ordered VPS has: systemd, sshd, netplan (the guide's
// IPv6 step edits its file), the usual small tools. No mail software.
export const ROOTFS_PACKAGES = [
  'systemd', 'systemd-sysv', 'dbus', 'openssh-server', 'iproute2', 'ca-certificates',
  'netplan.io', 'procps', 'cron', 'curl', 'sudo', 'openssl',
];

export function rootfsDir(os: LabOs): string {
  return path.join(cacheDir(), `rootfs-${os}`);
}

async function stampOk(dir: string, os: LabOs): Promise<boolean> {
  try {
    return (await readFile(path.join(dir, STAMP), 'utf8')).trim() === `${os} ${ROOTFS_VERSION}`;
  } catch {
    return false;
  }
}

// The hosting providers' images (and Ubuntu) keep a /etc/sysctl.conf that
// /etc/sysctl.d/99-sysctl.conf links to; the guide's IPv6 step edits it.
const SYSCTL_IPV6_OFF = `
# IPv6 is switched off on this server; to use IPv6, set these to 0
# and uncomment the IPv6 lines in /etc/netplan/01-netcfg.yaml.
net.ipv6.conf.all.disable_ipv6 = 1
net.ipv6.conf.default.disable_ipv6 = 1
net.ipv6.conf.lo.disable_ipv6 = 1
`;

async function customise(dir: string, os: LabOs): Promise<void> {
  const sysctl = path.join(dir, 'etc/sysctl.conf');
  const header = existsSync(sysctl) ? await readFile(sysctl, 'utf8') : '#\n# /etc/sysctl.conf - Configuration file for setting system variables\n#\n';
  await writeFile(sysctl, header + SYSCTL_IPV6_OFF);
  const link = path.join(dir, 'etc/sysctl.d/99-sysctl.conf');
  await mkdir(path.dirname(link), { recursive: true });
  if (!(await lstat(link).catch(() => null))) await symlink('../sysctl.conf', link);
  // Host keys, machine id, host name and resolver are made per VPS copy.
  await execa('find', [path.join(dir, 'etc/ssh'), '-maxdepth', '1', '-name', 'ssh_host_*', '-delete']);
  await writeFile(path.join(dir, 'etc/machine-id'), '');
  await rm(path.join(dir, 'etc/resolv.conf'), { force: true });
  await rm(path.join(dir, 'var/cache/apt/archives'), { recursive: true, force: true });
  await mkdir(path.join(dir, 'var/cache/apt/archives/partial'), { recursive: true });
  await writeFile(path.join(dir, STAMP), `${os} ${ROOTFS_VERSION}\n`);
}

/** The cached root of `os`, built if missing. `log` hears about the slow part. */
export async function ensureRootfs(os: LabOs, log: (line: string) => void = () => undefined): Promise<string> {
  const dir = rootfsDir(os);
  if (await stampOk(dir, os)) return dir;
  await mkdir(cacheDir(), { recursive: true, mode: 0o755 });
  const tmp = `${dir}.tmp`;
  if (!existsSync(path.join(tmp, DONE))) {
    await rm(tmp, { recursive: true, force: true });
    const release = OS_SPECS[os].release;
    log(`building the ${os} (${release}) root filesystem with debootstrap (once, ~1-2 min)`);
    const r = await execa(
      'debootstrap',
      ['--variant=minbase', `--include=${ROOTFS_PACKAGES.join(',')}`, release, tmp, MIRROR_URL],
      { reject: false, all: true },
    );
    if (r.exitCode !== 0) {
      throw new Error(`debootstrap ${release} failed (exit ${r.exitCode}):\n${(r.all ?? '').split('\n').slice(-15).join('\n')}`);
    }
    await writeFile(path.join(tmp, DONE), '');
  }
  await customise(tmp, os);
  await retire(dir);
  await rename(tmp, dir);
  return dir;
}

/**
 * Move an outdated cached root aside; delete it unless a running VPS's
 * overlay still sits on it (it then goes with a later rebuild).
 */
async function retire(dir: string): Promise<void> {
  if (existsSync(dir)) await rename(dir, `${dir}.old-${Date.now()}`);
  const mounts = await readFile('/proc/self/mountinfo', 'utf8');
  const parent = path.dirname(dir);
  for (const name of await readdir(parent)) {
    const old = path.join(parent, name);
    if (name.startsWith(`${path.basename(dir)}.old-`) && !mounts.includes(`lowerdir=${old}`)) {
      await rm(old, { recursive: true, force: true });
    }
  }
}
