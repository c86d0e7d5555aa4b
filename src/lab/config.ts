// Every name, address and path of one lab instance, derived from its number.
// Instance 0 is the lab people and the test run use; another instance (the
// lab's own lifecycle test) gets its own subnet, bridge, machines and state
// dir, so it can come up and go down beside instance 0 without touching it.
import path from 'node:path';
import type { LabOs } from './types.js';

export interface OsSpec {
  os: LabOs;
  release: string;
  host: number; // last octet / last IPv6 group of the VPS address
  zone: string; // mail domain suggested for this VPS
}

export const OS_SPECS: Record<LabOs, OsSpec> = {
  debian12: { os: 'debian12', release: 'bookworm', host: 12, zone: 'example.test' },
  debian13: { os: 'debian13', release: 'trixie', host: 13, zone: 'example13.test' },
};
export const ALL_OS: LabOs[] = ['debian12', 'debian13'];

export const MIRROR_URL = 'http://deb.debian.org/debian';
export const MIRROR_HOST = 'deb.debian.org';
/** Read at each use, so a caller (the cold bench) can point it elsewhere. */
export const cacheDir = (): string => process.env.MAILSETUP_LAB_CACHE ?? '/var/cache/mailsetup-lab';

export const INBOX_DOMAIN = 'inbox.test';
export const BLOCKLIST_ZONE = 'bl.test';
export const PROVIDER_ZONE = 'provider.test'; // generic rDNS names of a fresh VPS
export const TSIG_NAME = 'mailsetup-lab';

export interface LabConfig {
  instance: number;
  stateDir: string;
  bridge: string;
  nftTable: string;
  ipv4Prefix: string; // "10.77.0"
  ipv6Prefix: string; // "fd6d:6c61:6200:"  (the /64, without the host part)
  hostIpv4: string;
  hostIpv6: string;
  inboxIpv4: string;
  inboxIpv6: string;
  /** The validating resolver of `lab up --dnssec` (dnssec.ts) on the bridge, port 53. */
  resolverIpv4: string;
  resolverIpv6: string;
  /** PowerDNS (the provider-API DNS server) on the bridge: DNS on 53, its HTTP API on powerdnsApiPort. */
  powerdnsIpv4: string;
  powerdnsIpv6: string;
  powerdnsApiPort: number;
  dnsLoopbackPort: number;
  acmePort: number;
  acmeMgmtPort: number;
  machinePrefix: string;
  dir: {
    run: string; // pid files and logs
    machines: string;
    dns: string;
    acme: string;
    inbox: string;
    secrets: string;
    powerdns: string;
  };
}

export function labConfig(opts: { instance?: number; stateDir?: string } = {}): LabConfig {
  const instance = opts.instance ?? Number(process.env.MAILSETUP_LAB_INSTANCE ?? 0);
  if (!Number.isInteger(instance) || instance < 0 || instance > 15) {
    throw new Error(`lab instance must be 0..15, got ${instance}`);
  }
  const defaultDir = instance === 0 ? '/var/lib/mailsetup-lab' : `/var/lib/mailsetup-lab-${instance}`;
  const stateDir = path.resolve(
    opts.stateDir ?? (instance === 0 ? process.env.MAILSETUP_LAB_DIR : undefined) ?? defaultDir,
  );
  const ipv4Prefix = `10.77.${instance}`;
  // One hex digit of the /64 per instance (fd6d:6c61:620a:: for 10).
  const ipv6Prefix = `fd6d:6c61:620${instance.toString(16)}:`;
  return {
    instance,
    stateDir,
    bridge: `mslab${instance}`,
    nftTable: `mailsetup_lab${instance}`,
    ipv4Prefix,
    ipv6Prefix,
    hostIpv4: `${ipv4Prefix}.1`,
    hostIpv6: `${ipv6Prefix}:1`,
    inboxIpv4: `${ipv4Prefix}.25`,
    inboxIpv6: `${ipv6Prefix}:25`,
    resolverIpv4: `${ipv4Prefix}.2`,
    resolverIpv6: `${ipv6Prefix}:2`,
    powerdnsIpv4: `${ipv4Prefix}.53`,
    powerdnsIpv6: `${ipv6Prefix}:53`,
    powerdnsApiPort: 8081,
    dnsLoopbackPort: 5053 + instance,
    acmePort: 14000,
    acmeMgmtPort: 15000,
    machinePrefix: instance === 0 ? 'mailsetup' : `mailsetup${instance}`,
    dir: {
      run: path.join(stateDir, 'run'),
      machines: path.join(stateDir, 'machines'),
      dns: path.join(stateDir, 'dns'),
      acme: path.join(stateDir, 'acme'),
      inbox: path.join(stateDir, 'inbox'),
      secrets: path.join(stateDir, 'secrets'),
      powerdns: path.join(stateDir, 'powerdns'),
    },
  };
}

export function machineName(cfg: LabConfig, os: LabOs): string {
  return `${cfg.machinePrefix}-${os === 'debian12' ? 'deb12' : 'deb13'}`;
}

export function vpsIpv4(cfg: LabConfig, os: LabOs): string {
  return `${cfg.ipv4Prefix}.${OS_SPECS[os].host}`;
}

export function vpsIpv6(cfg: LabConfig, os: LabOs): string {
  return `${cfg.ipv6Prefix}:${OS_SPECS[os].host}`;
}

/** The name a fresh VPS's address reverses to, like a hosting provider's. */
export function genericPtr(cfg: LabConfig, os: LabOs): string {
  return `vmi${cfg.instance}${OS_SPECS[os].host}.${PROVIDER_ZONE}`;
}

/** The mail domain PowerDNS holds for a VPS: a child of the VPS's own zone, delegated to PowerDNS. */
export function powerdnsZone(os: LabOs): string {
  return `pdns.${OS_SPECS[os].zone}`;
}

export function infoFile(cfg: LabConfig): string {
  return path.join(cfg.stateDir, 'lab.json');
}

export function parseOsList(value: string | undefined): LabOs[] {
  if (!value || value === 'all') return [...ALL_OS];
  const list = value.split(',').map((s) => s.trim());
  for (const os of list) {
    if (!(os in OS_SPECS)) throw new Error(`unknown --os ${os}: use debian12, debian13 or all`);
  }
  return list as LabOs[];
}
