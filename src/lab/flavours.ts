// VPS flavours: the lab's VPS made to look like the images providers ship.
// Each is an overlay on the cached root (never a change to it): packages a
// flavour needs come from a cached layer (flavour-layer.ts), and its files
// are written per VPS on top of what vps-files.ts made.
//   netplan       the lab's first VPS: netplan with the IPv6 lines commented
//   debian-cloud  ifupdown with cloud-init's interfaces.d/50-cloud-init (Hetzner, DigitalOcean, Contabo, Vultr)
//   ubuntu-like   cloud-init's netplan 50-cloud-init.yaml, systemd-resolved's stub 127.0.0.53,
//                 ufw allowing only SSH, an unattended-upgrades stand-in holding the apt lock for a minute
//   sudo-user     root login refused, a user with password sudo, SSH on port 2222
//   firewalld     firewalld on with its default zone (only SSH and DHCPv6 client allowed)
import { randomBytes } from 'node:crypto';
import { chmod, copyFile, mkdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { execa } from 'execa';
import { vpsIpv4, vpsIpv6, type LabConfig } from './config.js';
import { labAsset } from './assets.js';
import type { LayerSpec } from './flavour-layer.js';
import type { LabFlavour, LabOs } from './types.js';
import { VPS_IFACE } from './vps-files.js';

export const FLAVOURS: LabFlavour[] = ['netplan', 'debian-cloud', 'ubuntu-like', 'sudo-user', 'firewalld'];
export const DEFAULT_FLAVOUR: LabFlavour = 'netplan';

export const SUDO_USER = 'debian';
export const SUDO_SSH_PORT = 2222;

export interface FlavourSpec {
  /** One line for `lab up --help` and the README. */
  what: string;
  /** Packages beyond the cached root, from a cached layer. */
  layer?: LayerSpec;
  ssh: { user: string; port: number };
  /** Per VPS, on its root after vps-files.ts; returns the sudo password when the flavour has one. */
  customise?(root: string, cfg: LabConfig, os: LabOs): Promise<{ sudoPassword?: string } | void>;
}

const ROOT_SSH = { user: 'root', port: 22 };

function template(name: string, cfg: LabConfig, os: LabOs): Promise<string> {
  const values: Record<string, string> = {
    iface: VPS_IFACE,
    ipv4: vpsIpv4(cfg, os),
    ipv6: vpsIpv6(cfg, os),
    gateway4: cfg.hostIpv4,
    gateway6: cfg.hostIpv6,
    dns: cfg.hostIpv4,
    port: String(SUDO_SSH_PORT),
  };
  return readFile(labAsset(`flavours/${name}`), 'utf8').then((t) => t.replace(/\{\{(\w+)\}\}/g, (_, k: string) => values[k]!));
}

/** No netplan file of the lab's own: the flavour's network files stand alone. */
const dropLabNetplan = (root: string) => rm(path.join(root, 'etc/netplan/01-netcfg.yaml'), { force: true });

export const FLAVOUR_SPECS: Record<LabFlavour, FlavourSpec> = {
  netplan: { what: 'netplan with the IPv6 lines commented (the lab as it was)', ssh: ROOT_SSH },
  'debian-cloud': {
    what: "ifupdown with cloud-init's interfaces.d/50-cloud-init, IPv6 lines commented",
    layer: { packages: ['ifupdown'] },
    ssh: ROOT_SSH,
    async customise(root, cfg, os) {
      await dropLabNetplan(root);
      await mkdir(path.join(root, 'etc/network/interfaces.d'), { recursive: true });
      await writeFile(path.join(root, 'etc/network/interfaces'), await template('interfaces', cfg, os));
      await writeFile(path.join(root, 'etc/network/interfaces.d/50-cloud-init'), await template('50-cloud-init.interfaces', cfg, os));
    },
  },
  'ubuntu-like': {
    what: "cloud-init's netplan 50-cloud-init.yaml, systemd-resolved (stub 127.0.0.53), ufw allowing only SSH, the apt lock held for the first minute",
    layer: {
      packages: ['systemd-resolved', 'ufw'],
      // Inactive, ufw only writes its rules files; enabled, it loads them at boot.
      setup: "ufw allow 22/tcp && sed -i 's/^ENABLED=.*/ENABLED=yes/' /etc/ufw/ufw.conf && systemctl enable ufw systemd-resolved",
    },
    ssh: ROOT_SSH,
    async customise(root, cfg, os) {
      await dropLabNetplan(root);
      await writeFile(path.join(root, 'etc/netplan/50-cloud-init.yaml'), await template('50-cloud-init.yaml', cfg, os), { mode: 0o600 });
      const resolv = path.join(root, 'etc/resolv.conf');
      await rm(resolv, { force: true });
      await symlink('../run/systemd/resolve/stub-resolv.conf', resolv);
      const sbin = path.join(root, 'usr/local/sbin/unattended-upgrade');
      await mkdir(path.dirname(sbin), { recursive: true });
      await copyFile(labAsset('flavours/unattended-upgrade'), sbin);
      await chmod(sbin, 0o755);
      const unit = 'unattended-upgrades-firstboot.service';
      await copyFile(labAsset(`flavours/${unit}`), path.join(root, 'etc/systemd/system', unit));
      const wants = path.join(root, 'etc/systemd/system/multi-user.target.wants');
      await mkdir(wants, { recursive: true });
      await symlink(`/etc/systemd/system/${unit}`, path.join(wants, unit));
    },
  },
  'sudo-user': {
    what: `root login refused, user ${SUDO_USER} with password sudo, SSH on port ${SUDO_SSH_PORT}`,
    ssh: { user: SUDO_USER, port: SUDO_SSH_PORT },
    async customise(root, cfg, os) {
      await writeFile(path.join(root, 'etc/ssh/sshd_config.d/50-provider.conf'), await template('sshd-sudo-user.conf', cfg, os));
      const password = randomBytes(12).toString('base64url');
      // The VPS's own tools make the user, as the provider's image did.
      await execa('chroot', [root, 'useradd', '--create-home', '--shell', '/bin/bash', '--groups', 'sudo', SUDO_USER]);
      await execa('chroot', [root, 'chpasswd'], { input: `${SUDO_USER}:${password}\n` });
      const home = path.join(root, 'home', SUDO_USER);
      await mkdir(path.join(home, '.ssh'), { recursive: true, mode: 0o700 });
      await copyFile(path.join(root, 'root/.ssh/authorized_keys'), path.join(home, '.ssh/authorized_keys'));
      await rm(path.join(root, 'root/.ssh/authorized_keys'), { force: true });
      await execa('chroot', [root, 'chown', '-R', `${SUDO_USER}:${SUDO_USER}`, `/home/${SUDO_USER}/.ssh`]);
      return { sudoPassword: password };
    },
  },
  // Images of hosts that harden Debian, and servers whose owner chose firewalld.
  firewalld: {
    what: 'firewalld on, its default zone allowing only SSH and the DHCPv6 client',
    // netbase: firewalld reads /etc/protocols (a Recommends the layer's install leaves out).
    layer: { packages: ['firewalld', 'netbase'], setup: 'systemctl enable firewalld' },
    ssh: ROOT_SSH,
  },
};

export function parseFlavour(value: string | undefined): LabFlavour | undefined {
  if (value === undefined) return undefined;
  if (!(FLAVOURS as string[]).includes(value)) throw new Error(`unknown --flavour ${value}: use ${FLAVOURS.join(', ')}`);
  return value as LabFlavour;
}
