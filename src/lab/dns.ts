// The lab's authoritative DNS: BIND's named, run by the lab with its own
// config dir. It listens on the lab bridge (port 53, the VPSes' resolver)
// and on loopback at a port of its own, never on the host's resolver port.
import { existsSync } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { execa } from 'execa';
import type { LabConfig } from './config.js';
import { labZones, zoneText, type ZoneSpec } from './dns-zones.js';
import { dnssecPolicy, parentZone, signedZones, signingOptions } from './dnssec-zones.js';
import { daemonPid, startDaemon, stopDaemon, waitFor } from './process.js';
import { TSIG_NAME } from './config.js';
import { powerdnsZones } from './powerdns.js';

const DAEMON = 'named';

/** The zones named serves as primary: the lab's, and with DNSSEC their signed parent `test.`. */
const servedZones = (cfg: LabConfig, signed: boolean): ZoneSpec[] => [...(signed ? [parentZone(cfg)] : []), ...labZones(cfg)];

/** Where named keeps the keys it makes for the signed zones. */
const keyDir = (cfg: LabConfig) => path.join(cfg.dir.dns, 'keys');
/** Present while the lab's DNS signs its zones: a later `lab up` keeps it so. */
const signedMarker = (cfg: LabConfig) => path.join(cfg.dir.dns, 'dnssec');
export const dnsSigned = (cfg: LabConfig): boolean => existsSync(signedMarker(cfg));

export function namedConf(cfg: LabConfig, tsigKeyFile: string, signed = false): string {
  const d = cfg.dir.dns;
  const signing = new Set(signed ? signedZones() : []);
  const zones = servedZones(cfg, signed)
    .map((z) => {
      const update = z.updatable ? `allow-update { key "${TSIG_NAME}"; };` : 'allow-update { none; };';
      const sign = signing.has(z.name) ? ` ${signingOptions()}` : '';
      return `zone "${z.name}" { type primary; file "${path.join(d, `db.${z.name}`)}"; ${update}${sign} };`;
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
${signed ? `  key-directory "${keyDir(cfg)}";\n` : ''}  listen-on port 53 { ${cfg.hostIpv4}; };
  listen-on port ${cfg.dnsLoopbackPort} { 127.0.0.1; };
  listen-on-v6 port 53 { ${cfg.hostIpv6}; };
  recursion no;
  allow-query { any; };
  allow-transfer { none; };
  dnssec-validation no;
  notify no;
};
controls { };
${signed ? `${dnssecPolicy()}\n` : ''}logging {
  channel out { stderr; severity info; print-time yes; };
  category default { out; };
  category lame-servers { null; };
};
${zones}
${secondaries}
`;
}

/**
 * `dnssec`: sign the mail domains (dnssec.ts); unset, as the running (or
 * last) DNS did. Signing is chosen when named starts: a running unsigned
 * DNS is not switched (its dynamic records would be lost).
 */
export async function dnsUp(cfg: LabConfig, tsigKeyFile: string, opts: { dnssec?: boolean } = {}): Promise<void> {
  const signed = opts.dnssec ?? dnsSigned(cfg);
  if (await daemonPid(cfg, DAEMON)) {
    // running: keep its (dynamic) records
    if (signed && !dnsSigned(cfg)) throw new Error('the lab DNS runs with unsigned zones: `mailsetup lab down` first, then `mailsetup lab up --dnssec`');
    return;
  }
  await mkdir(cfg.dir.dns, { recursive: true, mode: 0o755 });
  // A fresh start begins from the template zones (old journals, signed
  // copies and keys would no longer match them).
  await rm(keyDir(cfg), { recursive: true, force: true });
  for (const z of servedZones(cfg, signed)) {
    const file = path.join(cfg.dir.dns, `db.${z.name}`);
    await writeFile(file, zoneText(z));
    for (const old of ['.jnl', '.signed', '.signed.jnl', '.jbk']) await rm(`${file}${old}`, { force: true });
  }
  if (signed) {
    await mkdir(keyDir(cfg), { recursive: true, mode: 0o700 });
    await writeFile(signedMarker(cfg), 'named signs the mail domains and test. (mailsetup lab up --dnssec)\n');
  } else await rm(signedMarker(cfg), { force: true });
  for (const z of powerdnsZones()) await execa('rm', ['-f', path.join(cfg.dir.dns, `secondary.${z}`)]);
  const conf = path.join(cfg.dir.dns, 'named.conf');
  await writeFile(conf, namedConf(cfg, tsigKeyFile, signed));
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
