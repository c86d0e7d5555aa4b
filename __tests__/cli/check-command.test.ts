// `mailsetup --check` end to end on loopback: every family at once against
// the fixture DNS and TLS listeners; --json, the exit code and the plain
// report agree; --json never loads Ink.
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { Writable } from 'node:stream';
import { runCheckCommand, type CheckCommandOptions } from '../../src/cli/check-command.js';
import type { CheckReport } from '../../src/checks/report.js';
import { runChecks } from '../../src/checks/run-all.js';
import { daysFromNow, makePki, type TestPki } from '../checks/helpers/certs.js';
import { BAD, GOOD, startDnsFixture, type DnsFixture } from '../checks/helpers/dns-fixture.js';
import { blackholePort, canUseNft, freePort } from '../checks/helpers/ports.js';
import { startResponder, type Responder } from '../checks/helpers/smtp-responder.js';

let dns: DnsFixture;
let pki: TestPki;
const responders: Responder[] = [];
let ports: { smtp: number; submissions: number; submission: number };
const blocklists = [{ zone: 'ip.bl.test', kind: 'ip' as const }, { zone: 'dom.bl.test', kind: 'domain' as const }];

beforeAll(async () => {
  dns = await startDnsFixture();
  pki = makePki();
  const leaf = pki.leaf(GOOD.hostname, daysFromNow(-1), daysFromNow(60));
  responders.push(...(await Promise.all([
    startResponder({ leaf, mode: 'starttls', name: GOOD.hostname }), startResponder({ leaf, mode: 'implicit' }), startResponder({ leaf, mode: 'starttls' }),
  ])));
  ports = { smtp: responders[0]!.port, submissions: responders[1]!.port, submission: responders[2]!.port };
}, 60_000);
afterAll(async () => {
  await Promise.all(responders.map((r) => r.close()));
  await dns?.stop();
  pki?.cleanup();
});

function capture() {
  let text = '';
  const stream = new Writable({ write(chunk, _enc, done) { text += chunk.toString(); done(); } });
  return { stream, text: () => text };
}

async function run(site: typeof GOOD, extra: Partial<CheckCommandOptions> = {}) {
  const out = capture();
  const err = capture();
  const code = await runCheckCommand({
    domain: site.domain, hostname: site.hostname, resolver: dns.server, caFile: pki.caFile, blocklists, timeoutMs: 3000,
    targetOverrides: { ips: { v4: [site.v4], v6: [site.v6] }, ports, connectHost: '127.0.0.1' },
    stdout: out.stream, stderr: err.stream, ...extra,
  });
  return { code, out: out.text(), err: err.text() };
}

test('a domain set up right: exit 0, --json status ok, server-side checks skipped with the reason', async () => {
  const { code, out } = await run(GOOD, { json: true });
  const doc = JSON.parse(out) as CheckReport;
  expect(code).toBe(0);
  expect(doc).toMatchObject({ version: 1, domain: 'good.test', hostname: 'smtp.good.test', status: 'ok' });
  expect(doc.summary.fail).toBe(0);
  expect(doc.summary.warn).toBe(0);
  const areas = new Set(doc.results.map((r) => r.area));
  expect([...areas].sort()).toEqual(['Blocklists', 'DKIM', 'DMARC', 'DNS', 'Ports', 'Receiving', 'Reverse DNS', 'SMTP', 'SPF', 'Service', 'TLS']);
  expect(doc.results.find((r) => r.id === 'service.active')).toMatchObject({ status: 'skip', details: expect.stringContaining('--host') });
  expect(doc.results.find((r) => r.id === 'receiving.spam-filter')).toMatchObject({ status: 'skip', details: expect.stringContaining('--host') });
});

test('a domain set up wrong: exit 1, and --json and the plain report say the same', async () => {
  const json = await run(BAD, { json: true });
  const doc = JSON.parse(json.out) as CheckReport;
  expect(json.code).toBe(1);
  expect(doc.status).toBe('fail');
  const failed = doc.results.filter((r) => r.status === 'fail');
  expect(failed.length).toBe(doc.summary.fail);
  expect(failed.every((r) => r.fix)).toBe(true);
  expect(failed.map((r) => r.id)).toEqual(expect.arrayContaining(['dns.hostname.a', `rdns.ipv4.${BAD.v4}`, `spf.authorizes-ipv6.${BAD.v6}`, 'blocklist.dom.bl.test.bad.test']));
  const plain = await run(BAD, { plain: true });
  expect(plain.code).toBe(1);
  for (const r of failed) expect(plain.out).toContain(`✗ ${r.title}`);
  expect(plain.out).toContain(`${doc.summary.fail} failed`);
});

test('missing domain or host name: exit 2 with what to pass', async () => {
  expect((await run(GOOD, { domain: undefined })).code).toBe(2);
  const r = await run(GOOD, { hostname: 'not a name' });
  expect(r).toMatchObject({ code: 2, err: expect.stringContaining('--hostname') });
});

test('an SSH login that fails is a failure with its fix; the outside checks still run', async () => {
  const port = await freePort();
  const { code, out } = await run(GOOD, { json: true, host: { address: '127.0.0.1', port, user: 'root' }, knownHostsFile: join(pki.dir, 'kh') });
  const doc = JSON.parse(out) as CheckReport;
  expect(code).toBe(1);
  expect(doc.results[0]).toMatchObject({ id: 'service.ssh', status: 'fail', fix: expect.stringContaining('ssh root@127.0.0.1') });
  expect(doc.results.find((r) => r.id === 'dns.mx')!.status).toBe('ok');
});

test('families run concurrently: a dropped port costs one probe deadline, not one per check', async () => {
  if (!canUseNft()) throw new Error('needs root and nftables');
  const hole = await blackholePort();
  try {
    const started = Date.now();
    const results = await runChecks({
      domain: GOOD.domain, hostname: GOOD.hostname, resolver: dns.server, caFile: pki.caFile, blocklists,
      ips: { v4: [GOOD.v4], v6: [GOOD.v6] }, connectHost: '127.0.0.1', ports: { ...ports, smtp: hole.port },
    }, { timeoutMs: 1500 });
    const took = Date.now() - started;
    expect(results.find((r) => r.id === 'ports.smtp.127.0.0.1')!.details).toMatch(/^blocked/);
    // TLS on the dropped port and the port probe each wait 1.5 s, at the same time.
    expect(took).toBeLessThan(1500 * 2);
  } finally {
    hole.remove();
  }
});

test('--check --json does not load Ink: no static import path from check-command.ts reaches ink, react or a .tsx', () => {
  const root = resolve('src');
  const seen = new Set<string>();
  const bad: string[] = [];
  const walk = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    const text = readFileSync(file, 'utf8');
    // Static imports only: `import ... from 'x'` and `export ... from 'x'` (not `import type`, not `await import()`).
    for (const m of text.matchAll(/^(?:import|export)\s+(?!type\b)[^;]*?from\s+'([^']+)'/gms)) {
      const spec = m[1]!;
      if (spec === 'ink' || spec === 'react' || spec.endsWith('.tsx')) bad.push(`${file} -> ${spec}`);
      if (!spec.startsWith('.')) continue;
      const target = resolve(dirname(file), spec.replace(/\.js$/, '.ts'));
      try { walk(target); } catch { bad.push(`${file} -> ${spec} (a .tsx?)`); }
    }
  };
  walk(join(root, 'cli', 'check-command.ts'));
  expect(bad).toEqual([]);
  expect(seen.size).toBeGreaterThan(10);
});
