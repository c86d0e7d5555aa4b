// lab.json: what `lab up` tells every other part of mailsetup (0600: it
// names the key files; the secrets themselves stay in their own files).
import { writeFile, rename } from 'node:fs/promises';
import {
  BLOCKLIST_ZONE, INBOX_DOMAIN, OS_SPECS, TSIG_NAME, genericPtr, infoFile,
  machineName, powerdnsZone, vpsIpv4, vpsIpv6, type LabConfig,
} from './config.js';
import { POWERDNS_SERVER_ID, powerdnsApiUrl, powerdnsKeyFile } from './powerdns.js';
import { reverseZone } from './addr.js';
import { labZones } from './dns-zones.js';
import { dnsSigned } from './dns.js';
import { SIGNED_PARENT, signedMailZones } from './dnssec-zones.js';
import { trustAnchorFile } from './dnssec.js';
import { acmeCaFile, acmeUrls } from './acme.js';
import { INBOX_MX } from './inbox.js';
import { secretPaths } from './secrets.js';
import { vpsDir } from './vps.js';
import { FLAVOUR_SPECS } from './flavours.js';
import { sudoPasswordFile, vpsFlavour } from './vps-flavour.js';
import { VPS_IFACE, hostKeys } from './vps-files.js';
import type { LabInfo, LabOs, LabVps } from './types.js';
import path from 'node:path';

export function knownHostsFile(cfg: LabConfig, os: LabOs): string {
  return path.join(cfg.dir.secrets, `known_hosts.${os}`);
}

export async function describeVps(cfg: LabConfig, os: LabOs): Promise<LabVps> {
  const keys = await hostKeys(vpsDir(cfg, os));
  const ipv4 = vpsIpv4(cfg, os);
  const ipv6 = vpsIpv6(cfg, os);
  await writeFile(
    knownHostsFile(cfg, os),
    keys.map((k) => `${ipv4},${ipv6} ${k.line}`).join('\n') + '\n',
    { mode: 0o600 },
  );
  const domain = OS_SPECS[os].zone;
  const flavour = await vpsFlavour(vpsDir(cfg, os));
  const login = FLAVOUR_SPECS[flavour].ssh;
  return {
    os,
    release: OS_SPECS[os].release,
    flavour,
    machine: machineName(cfg, os),
    ipv4,
    ipv6,
    ipv4Gateway: cfg.hostIpv4,
    ipv6Gateway: cfg.hostIpv6,
    prefixLength: { ipv4: 24, ipv6: 64 },
    interface: VPS_IFACE,
    rootfs: vpsDir(cfg, os),
    ptr: genericPtr(cfg, os),
    domain,
    hostname: `smtp.${domain}`,
    ssh: {
      host: ipv4,
      port: login.port,
      user: login.user,
      ...(login.user !== 'root' ? { sudoPasswordFile: sudoPasswordFile(cfg, os) } : {}),
      keyFile: secretPaths(cfg).sshKey,
      knownHostsFile: knownHostsFile(cfg, os),
      hostKeyFingerprint: keys.find((k) => k.type === 'ED25519')?.fingerprint ?? '',
      hostKeys: keys.map(({ type, fingerprint }) => ({ type, fingerprint })),
    },
  };
}

export function buildInfo(cfg: LabConfig, vps: LabInfo['vps']): LabInfo {
  const p = secretPaths(cfg);
  const first = vps.debian12 ?? vps.debian13;
  const domain = first?.domain ?? OS_SPECS.debian12.zone;
  return {
    version: 1,
    instance: cfg.instance,
    stateDir: cfg.stateDir,
    network: {
      bridge: cfg.bridge,
      ipv4Subnet: `${cfg.ipv4Prefix}.0/24`,
      ipv6Subnet: `${cfg.ipv6Prefix}:/64`,
      hostIpv4: cfg.hostIpv4,
      hostIpv6: cfg.hostIpv6,
    },
    vps,
    domain,
    hostname: `smtp.${domain}`,
    resolver: cfg.hostIpv4,
    dns: {
      server: cfg.hostIpv4,
      port: 53,
      loopback: { host: '127.0.0.1', port: cfg.dnsLoopbackPort },
      ipv6: cfg.hostIpv6,
      tsig: { name: TSIG_NAME, algorithm: 'hmac-sha256', secretFile: p.tsigSecretFile, keyFile: p.tsigKeyFile },
      zones: labZones(cfg).map((z) => z.name),
      reverseZones: { ipv4: reverseZone(cfg.hostIpv4), ipv6: reverseZone(cfg.hostIpv6) },
    },
    ...(dnsSigned(cfg) ? {
      dnssec: {
        parent: SIGNED_PARENT,
        signedZones: signedMailZones(),
        resolver: { server: cfg.resolverIpv4, ipv6: cfg.resolverIpv6, port: 53 },
        trustAnchorFile: trustAnchorFile(cfg),
      },
    } : {}),
    acme: {
      directory: acmeUrls(cfg).directory,
      caFile: acmeCaFile(cfg),
      serverCaFile: p.caCert,
      managementUrl: acmeUrls(cfg).management,
    },
    inbox: {
      domain: INBOX_DOMAIN,
      address: `me@${INBOX_DOMAIN}`,
      mx: INBOX_MX,
      dir: cfg.dir.inbox,
      smtp: { host: cfg.inboxIpv4, ipv6: cfg.inboxIpv6, port: 25 },
    },
    powerdns: {
      apiUrl: powerdnsApiUrl(cfg),
      serverId: POWERDNS_SERVER_ID,
      apiKeyFile: powerdnsKeyFile(cfg),
      server: cfg.powerdnsIpv4,
      zones: { debian12: powerdnsZone('debian12'), debian13: powerdnsZone('debian13') },
    },
    blocklist: { zone: BLOCKLIST_ZONE, listedValue: '127.0.0.2' },
  };
}

export async function writeLabInfo(cfg: LabConfig, info: LabInfo): Promise<void> {
  const file = infoFile(cfg);
  await writeFile(`${file}.tmp`, JSON.stringify(info, null, 2) + '\n', { mode: 0o600 });
  await rename(`${file}.tmp`, file);
}

export { readLabInfo } from './read-info.js';
