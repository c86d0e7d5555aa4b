// The lab's authoritative DNS: BIND's named, run by the lab with its own
// config dir. It listens on the lab bridge (port 53, the VPSes' resolver)
// and on loopback at a port of its own, never on the host's resolver port.
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { execa } from 'execa';
import type { LabConfig } from './config.js';
import { labZones, zoneText } from './dns-zones.js';
import { daemonPid, startDaemon, stopDaemon, waitFor } from './process.js';
import { TSIG_NAME } from './config.js';
import { powerdnsZones } from './powerdns.js';

const DAEMON = 'named';

export function namedConf(cfg: LabConfig, tsigKeyFile: string): string {
  const d = cfg.dir.dns;
  const zones = labZones(cfg)
    .map((z) => {
      const update = z.updatable ? `allow-update { key "${TSIG_NAME}"; };` : 'allow-update { none; };';
      return `zone "${z.name}" { type primary; file "${path.join(d, `db.${z.name}`)}"; ${update} };`;
    })
    .join('\n');
  // PowerDNS's mail domains: delegated (NS in the parent zone) and served
  // here as a secondary, refreshed by PowerDNS's NOTIFY (powerdns.ts). The
  // NOTIFY comes from whichever address the lab's NAT gives it; at worst a
  // stray one makes named ask PowerDNS for the serial again.
  const secondaries = powerdnsZones()
    .map((z) => `zone "${z}" { type secondary; primaries { ${cfg.powerdnsIpv4}; }; allow-notify { any; }; file "${path.join(d, `secondary.${z}`)}"; };`)
    .join('\n');
  return `include "${tsigKeyFile}";
options {
  directory "${d}";
  pid-file none;
  session-keyfile none;
  managed-keys-directory "${d}";
  listen-on port 53 { ${cfg.hostIpv4}; };
  listen-on port ${cfg.dnsLoopbackPort} { 127.0.0.1; };
  listen-on-v6 port 53 { ${cfg.hostIpv6}; };
  recursion no;
  allow-query { any; };
  allow-transfer { none; };
  dnssec-validation no;
  notify no;
};
controls { };
logging {
  channel out { stderr; severity info; print-time yes; };
  category default { out; };
  category lame-servers { null; };
};
${zones}
${secondaries}
`;
}

export async function dnsUp(cfg: LabConfig, tsigKeyFile: string): Promise<void> {
  if (await daemonPid(cfg, DAEMON)) return; // running: keep its (dynamic) records
  await mkdir(cfg.dir.dns, { recursive: true, mode: 0o755 });
  // A fresh start begins from the template zones (old journals would
  // no longer match them).
  for (const z of labZones(cfg)) {
    const file = path.join(cfg.dir.dns, `db.${z.name}`);
    await writeFile(file, zoneText(z));
    await execa('rm', ['-f', `${file}.jnl`]);
  }
  for (const z of powerdnsZones()) await execa('rm', ['-f', path.join(cfg.dir.dns, `secondary.${z}`)]);
  const conf = path.join(cfg.dir.dns, 'named.conf');
  await writeFile(conf, namedConf(cfg, tsigKeyFile));
  await execa('named-checkconf', ['-z', conf]);
  await startDaemon(cfg, DAEMON, 'named', ['-f', '-c', conf], { marker: conf });
  await waitFor('the lab DNS', 20000, async () => {
    const r = await execa('dig', ['+short', '+time=1', '+tries=1', '-p', String(cfg.dnsLoopbackPort), '@127.0.0.1', 'SOA', labZones(cfg)[0]!.name], { reject: false });
    return r.exitCode === 0 && r.stdout.trim() !== '';
  });
}

export async function dnsDown(cfg: LabConfig): Promise<void> {
  await stopDaemon(cfg, DAEMON);
}

export async function dnsRunning(cfg: LabConfig): Promise<boolean> {
  return (await daemonPid(cfg, DAEMON)) !== null;
}

/**
 * Send an RFC 2136 update (nsupdate syntax lines, without `send`) signed
 * with the lab's TSIG key. Commands go over stdin, the key by file.
 */
export async function nsupdate(
  cfg: LabConfig,
  tsigKeyFile: string,
  lines: string[],
): Promise<void> {
  const script = [`server 127.0.0.1 ${cfg.dnsLoopbackPort}`, ...lines, 'send', ''].join('\n');
  await execa('nsupdate', ['-k', tsigKeyFile], { input: script });
}
