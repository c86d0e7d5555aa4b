// Starts a real PowerDNS (pdns_server, sqlite3 backend) on 127.0.0.1: DNS on
// a free port, its HTTP API on another, an API key, and the zones a test
// gives it (made through the API, as a provider's are). Everything lives in
// a temp dir that stop() removes.
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './named.js';

export interface RunningPowerDns {
  /** Base URL of the API (without /api/v1). */
  url: string;
  key: string;
  /** `127.0.0.1:PORT` of its DNS listener, for createResolver({ server }). */
  server: string;
  /** Raw API call with the right key. */
  api(method: string, route: string, body?: unknown): Promise<{ status: number; json: any }>;
  stop(): Promise<void>;
}

const SCHEMA = '/usr/share/pdns-backend-sqlite3/schema/schema.sqlite3.sql';

export async function startPowerDns(zones: Record<string, { name: string; type: string; ttl?: number; records: string[] }[]>): Promise<RunningPowerDns> {
  const dir = mkdtempSync(join(tmpdir(), 'mailsetup-pdns-'));
  const dnsPort = await freePort();
  const apiPort = await freePort();
  const key = randomBytes(18).toString('base64url');
  execFileSync('sqlite3', [join(dir, 'pdns.sqlite3')], { input: readFileSync(SCHEMA) });
  writeFileSync(
    join(dir, 'pdns.conf'),
    [
      'launch=gsqlite3', `gsqlite3-database=${join(dir, 'pdns.sqlite3')}`, `local-address=127.0.0.1:${dnsPort}`,
      'api=yes', `api-key=${key}`, 'webserver=yes', 'webserver-address=127.0.0.1', `webserver-port=${apiPort}`,
      'webserver-allow-from=127.0.0.0/8', `socket-dir=${dir}`, 'guardian=no', 'daemon=no', 'security-poll-suffix=',
      'default-soa-content=ns1.example.test. hostmaster.example.test. 0 60 60 600 60', '',
    ].join('\n'),
    { mode: 0o600 },
  );
  const child: ChildProcess = spawn('pdns_server', [`--config-dir=${dir}`], { stdio: 'ignore' });
  const url = `http://127.0.0.1:${apiPort}`;
  const api = async (method: string, route: string, body?: unknown) => {
    const res = await fetch(`${url}/api/v1/servers/localhost${route}`, {
      method,
      headers: { 'X-API-Key': key, ...(body ? { 'Content-Type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
    const text = await res.text();
    return { status: res.status, json: text ? JSON.parse(text) : undefined };
  };
  const end = Date.now() + 15000;
  for (;;) {
    const ok = await api('GET', '').then((r) => r.status === 200, () => false);
    if (ok) break;
    if (Date.now() > end) throw new Error('pdns_server did not start');
    await new Promise((r) => setTimeout(r, 100));
  }
  for (const [zone, rrsets] of Object.entries(zones)) {
    const made = await api('POST', '/zones', { name: `${zone}.`, kind: 'Native', nameservers: ['ns1.example.test.'] });
    if (made.status !== 201) throw new Error(`zone ${zone}: HTTP ${made.status}`);
    if (rrsets.length) {
      const patched = await api('PATCH', `/zones/${zone}.`, {
        rrsets: rrsets.map((r) => ({ name: r.name, type: r.type, ttl: r.ttl ?? 3600, changetype: 'REPLACE', records: r.records.map((content) => ({ content, disabled: false })) })),
      });
      if (patched.status !== 204) throw new Error(`zone ${zone}: records HTTP ${patched.status} ${JSON.stringify(patched.json)}`);
    }
  }
  return {
    url,
    key,
    server: `127.0.0.1:${dnsPort}`,
    api,
    async stop() {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
