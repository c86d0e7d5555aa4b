// The lab's PowerDNS: Debian's pdns-server with the sqlite3 backend, the DNS
// host of users whose provider is PowerDNS. It holds one mail domain per VPS
// (pdns.<the VPS's zone>), changed only through its HTTP API with an API key.
// The lab DNS (named) delegates those domains and serves them as a secondary
// of PowerDNS: PowerDNS sends NOTIFY on each change and named transfers the
// zone within about a second. named stays authoritative-only (no recursion,
// no cache), so the VPSes and Pebble, which ask named, see what the API wrote.
// The API key lives in a 0600 file and PowerDNS's 0600 config file only.
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { execa } from 'execa';
import { ALL_OS, OS_SPECS, powerdnsZone, type LabConfig } from './config.js';
import { daemonPid, startDaemon, stopDaemon, waitFor } from './process.js';

const DAEMON = 'pdns_server';
export const POWERDNS_SERVER_ID = 'localhost';
export const POWERDNS_SCHEMA = '/usr/share/pdns-backend-sqlite3/schema/schema.sqlite3.sql';

export const powerdnsApiUrl = (cfg: LabConfig): string => `http://${cfg.powerdnsIpv4}:${cfg.powerdnsApiPort}`;
export const powerdnsKeyFile = (cfg: LabConfig): string => path.join(cfg.dir.secrets, 'powerdns-api.key');
export const powerdnsZones = (): string[] => ALL_OS.map(powerdnsZone);

/** The nameserver of the PowerDNS zones: the lab DNS's own name (it serves their secondary copy). */
const NS = `ns1.${OS_SPECS.debian12.zone}.`;

async function apiKey(cfg: LabConfig): Promise<string> {
  const file = powerdnsKeyFile(cfg);
  if (!existsSync(file)) {
    await mkdir(cfg.dir.secrets, { recursive: true, mode: 0o700 });
    await writeFile(file, randomBytes(24).toString('base64url') + '\n', { mode: 0o600 });
  }
  return (await readFile(file, 'utf8')).trim();
}

export function pdnsConf(cfg: LabConfig, key: string): string {
  const d = cfg.dir.powerdns;
  return [
    'launch=gsqlite3',
    `gsqlite3-database=${path.join(d, 'pdns.sqlite3')}`,
    `local-address=${cfg.powerdnsIpv4}:53, [${cfg.powerdnsIpv6}]:53`,
    // Names are resolved through the lab DNS only, never the host's resolver.
    `resolver=${cfg.hostIpv4}`,
    'primary=yes',
    `also-notify=${cfg.hostIpv4}`,
    `only-notify=${cfg.hostIpv4}/32`,
    // The lab's NAT rewrites the source of this machine's own connections,
    // so named's transfers come from any of its addresses; the zones are
    // public DNS data, and the listener is on the bridge address alone.
    'allow-axfr-ips=0.0.0.0/0, ::/0',
    // Look for changed zones every second, so a change reaches named at once.
    'xfr-cycle-interval=1',
    `default-soa-content=${NS} hostmaster.${OS_SPECS.debian12.zone}. 0 60 60 600 60`,
    'api=yes',
    `api-key=${key}`,
    'webserver=yes',
    `webserver-address=${cfg.powerdnsIpv4}`,
    `webserver-port=${cfg.powerdnsApiPort}`,
    // It listens on the bridge address alone, which only this machine and
    // the lab's VPSes reach; this machine's requests arrive from whichever
    // of its addresses the lab's NAT gives them. The API key guards it.
    'webserver-allow-from=0.0.0.0/0, ::/0',
    `socket-dir=${d}`,
    'guardian=no',
    'daemon=no',
    'security-poll-suffix=',
    '',
  ].join('\n');
}

async function api(cfg: LabConfig, key: string, method: string, route: string, body?: unknown): Promise<Response> {
  return fetch(`${powerdnsApiUrl(cfg)}/api/v1/servers/${POWERDNS_SERVER_ID}${route}`, {
    method,
    headers: { 'X-API-Key': key, ...(body ? { 'Content-Type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
    signal: AbortSignal.timeout(5000),
  });
}

/** Each VPS's PowerDNS mail domain, made through the API when missing (its SOA serial then follows API changes). */
async function ensureZones(cfg: LabConfig, key: string): Promise<void> {
  for (const zone of powerdnsZones()) {
    const got = await api(cfg, key, 'GET', `/zones/${zone}.`);
    if (got.status === 200) continue;
    const made = await api(cfg, key, 'POST', '/zones', { name: `${zone}.`, kind: 'Master', nameservers: [NS], soa_edit_api: 'DEFAULT' });
    if (made.status !== 201) throw new Error(`lab: PowerDNS did not create ${zone}: HTTP ${made.status} ${(await made.text()).slice(0, 200)}`);
  }
}

/** Start PowerDNS (before named, which transfers its zones at start) and make its zones. */
export async function powerdnsUp(cfg: LabConfig): Promise<void> {
  const d = cfg.dir.powerdns;
  const key = await apiKey(cfg);
  if (!(await daemonPid(cfg, DAEMON))) {
    // A fresh start begins with empty zones, as the lab DNS does.
    await rm(d, { recursive: true, force: true });
    await mkdir(d, { recursive: true, mode: 0o700 });
    await execa('sqlite3', [path.join(d, 'pdns.sqlite3')], { input: await readFile(POWERDNS_SCHEMA, 'utf8') });
    await writeFile(path.join(d, 'pdns.conf'), pdnsConf(cfg, key), { mode: 0o600 });
    await startDaemon(cfg, DAEMON, 'pdns_server', [`--config-dir=${d}`], { marker: `--config-dir=${d}` });
  }
  await waitFor('PowerDNS', 20000, async () => (await api(cfg, key, 'GET', '')).status === 200);
  await ensureZones(cfg, key);
}

export async function powerdnsDown(cfg: LabConfig): Promise<void> {
  await stopDaemon(cfg, DAEMON);
}

export async function powerdnsRunning(cfg: LabConfig): Promise<boolean> {
  return (await daemonPid(cfg, DAEMON)) !== null;
}
