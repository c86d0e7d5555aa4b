// The PowerDNS path end to end, on a lab instance of its own (4 with Debian
// 12 by default; MAILSETUP_PROVIDERS_LAB_OS=debian13 takes instance 5,
// MAILSETUP_PROVIDERS_LAB_INSTANCE another): the lab's PowerDNS holds the
// mail domain, delegated from the lab DNS. One unattended run of the real CLI
// gets the certificate through lego's pdns plugin from Pebble and publishes
// every record through PowerDNS's HTTP API with the same API key; --check is
// green, a rerun changes nothing (the zone's serial stays), `dkim rotate`
// and `hostname set` publish through the API, and the key never shows in a command
// line on the server, in the state file or in the logs. One VPS for the file.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { labDown, labUp, setLabPtr, type LabInfo, type LabOs } from '../../src/lab/index.js';
import { createResolver } from '../../src/dns/resolve.js';
import { readRecord } from '../../src/dns/providers/current.js';
import { fromContent } from '../../src/dns/providers/powerdns.js';
import type { RecordType } from '../../src/dns/types.js';
import { expectNoChanges, mailsetup, type FlavourLab } from '../flavours/helpers.js';
import { labCanRunHere } from '../helpers/provision.js';
import { samplePs } from '../security/helpers/ps-sampler.js';
import { CLI, haveCli } from '../security/helpers/cli-run.js';
import { labReset } from '../../src/lab/index.js';
import { CLI_ENTRY } from '../helpers/cli-entry.js';
import { startFromReview } from '../terminal/review.js';
import { Terminal, waitRc } from '../terminal/tmux.js';
import { answerScreens, confirmRecords, readResults, readReview } from '../terminal/walk.js';

const OS: LabOs = process.env.MAILSETUP_PROVIDERS_LAB_OS === 'debian13' ? 'debian13' : 'debian12';
const INSTANCE = Number(process.env.MAILSETUP_PROVIDERS_LAB_INSTANCE ?? (OS === 'debian13' ? 5 : 4));
const POWERDNS = { MAILSETUP_LAB_DNS: 'powerdns' };
const maybe = labCanRunHere ? describe : describe.skip;

interface Rrset { name: string; type: string; ttl: number; records: { content: string }[] }

maybe(`PowerDNS as the DNS provider, end to end (${OS}, lab instance ${INSTANCE})`, () => {
  let lab: FlavourLab;
  let key = '';
  let domain = '';
  const seconds: Record<string, number> = {};
  let first: Awaited<ReturnType<typeof mailsetup>>;
  let ps: { lines: Set<string>; samples: number };

  async function zone(): Promise<{ serial: number; rrsets: Rrset[] }> {
    const { apiUrl, serverId } = lab.info.powerdns;
    const res = await fetch(`${apiUrl}/api/v1/servers/${serverId}/zones/${domain}.`, { headers: { 'X-API-Key': key } });
    expect(res.status).toBe(200);
    return (await res.json()) as { serial: number; rrsets: Rrset[] };
  }

  beforeAll(async () => {
    if (!haveCli()) throw new Error(`${CLI} is missing: build it with \`npx tsc\` first`);
    await labDown({ instance: INSTANCE }); // leftovers of an interrupted run
    const info: LabInfo = await labUp({ instance: INSTANCE, os: [OS] });
    const vps = info.vps[OS]!;
    domain = info.powerdns.zones[OS];
    key = readFileSync(info.powerdns.apiKeyFile, 'utf8').trim();
    const dir = mkdtempSync(join(tmpdir(), 'mailsetup-powerdns-'));
    lab = { info, vps, os: OS, dir, stateDir: join(dir, 'state') };
    // The hosting provider's rDNS panel: PowerDNS holds no reverse zone.
    await setLabPtr([vps.ipv4, vps.ipv6], `smtp.${domain}`, { instance: INSTANCE });
    const sampler = samplePs({ vps } as Parameters<typeof samplePs>[0]);
    first = await mailsetup(lab, ['--yes'], POWERDNS);
    ps = await sampler.stop();
    seconds.run = first.seconds;
  }, 900_000);

  afterAll(async () => {
    process.stderr.write(`\nPowerDNS e2e on ${OS}: ${JSON.stringify(seconds)}\n`);
    if (lab) rmSync(lab.dir, { recursive: true, force: true });
    await labDown({ instance: INSTANCE });
  }, 120_000);

  test("the lab's PowerDNS: its API refuses a missing or wrong key, the key is a 0600 file and on no command line here; named serves the delegated zone", async () => {
    const { apiUrl, serverId, apiKeyFile } = lab.info.powerdns;
    const status = async (headers: Record<string, string>) => (await fetch(`${apiUrl}/api/v1/servers/${serverId}/zones`, { headers })).status;
    expect(await status({})).toBe(401);
    expect(await status({ 'X-API-Key': `${key}x` })).toBe(401);
    expect(await status({ 'X-API-Key': key })).toBe(200);
    expect((statSync(apiKeyFile).mode & 0o777).toString(8)).toBe('600');
    const cmdlines = readdirSync('/proc').filter((d) => /^\d+$/.test(d)).map((pid) => {
      try {
        return readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      } catch {
        return '';
      }
    });
    expect(cmdlines.some((c) => c.startsWith('pdns_server'))).toBe(true);
    expect(cmdlines.filter((c) => c.includes(key))).toEqual([]);
    const resolver = createResolver({ server: `${lab.info.dns.server}:${lab.info.dns.port}` });
    // Its nameserver is the lab DNS itself.
    const [ns, ...more] = await resolver.ns(domain);
    expect(more).toEqual([]);
    expect(await resolver.a(ns!)).toEqual([lab.info.dns.server]);
  });

  test('the unattended run completes: certificate through lego pdns, records published', () => {
    expect(first.code).toBe(0);
    expect(first.out).toMatch(/Issue the certificate \(DNS-01\): issued/);
    expect(first.out).toContain(`PowerDNS HTTP API at ${lab.info.powerdns.apiUrl} (server ${lab.info.powerdns.serverId}), one PATCH of the zone holding ${domain}:`);
    expect(first.out).toMatch(new RegExp(`Publish the records of ${domain.replace(/\./g, '\\.')}: \\d+ records published`));
    expect(first.out).toMatch(/All steps done/);
  });

  test('every record is in PowerDNS, written through its API, and the lab DNS serves the same', async () => {
    const { rrsets } = await zone();
    const resolver = createResolver({ server: `${lab.info.dns.server}:${lab.info.dns.port}` });
    const wanted: [string, RecordType][] = [
      [`smtp.${domain}`, 'A'], [`smtp.${domain}`, 'AAAA'], [domain, 'MX'], [domain, 'TXT'], [`_dmarc.${domain}`, 'TXT'],
    ];
    const dkim = rrsets.find((r) => r.type === 'TXT' && r.name.endsWith(`._domainkey.${domain}.`));
    expect(dkim).toBeDefined();
    wanted.push([dkim!.name.slice(0, -1), 'TXT']);
    for (const [name, type] of wanted) {
      const held = rrsets.find((r) => r.name === `${name}.` && r.type === type);
      expect({ name, type, held: Boolean(held) }).toEqual({ name, type, held: true });
      const inApi = held!.records.map((r) => fromContent(type, r.content)).sort();
      const inDns = (await readRecord(resolver, name, type)).values.sort();
      expect({ name, type, values: inDns }).toEqual({ name, type, values: inApi });
    }
    // The DKIM key is longer than 255 bytes: PowerDNS holds it as several strings.
    expect(dkim!.records[0]!.content).toMatch(/^"v=DKIM1; [^"]*" "[^"]+"/);
    expect((await readRecord(resolver, `smtp.${domain}`, 'A')).values).toEqual([lab.vps.ipv4]);
  });

  test('--check is green', async () => {
    const check = await mailsetup(lab, ['--check'], POWERDNS);
    seconds.check = check.seconds;
    expect(check.code).toBe(0);
    expect(check.out).toMatch(/ 0 failed/);
  }, 300_000);

  test('a rerun changes nothing: every step already done, no file written, the zone serial unchanged', async () => {
    const before = (await zone()).serial;
    const again = await mailsetup(lab, ['--yes'], POWERDNS);
    seconds.rerun = again.seconds;
    expectNoChanges(lab, again);
    expect((await zone()).serial).toBe(before);
  }, 300_000);

  test('dkim rotate publishes the new selector through the PowerDNS API', async () => {
    const before = await zone();
    const rotate = await mailsetup(lab, ['dkim', 'rotate', '--yes'], POWERDNS);
    seconds.dkimRotate = rotate.seconds;
    expect(rotate.code).toBe(0);
    const selector = /-> (\S+) \(/.exec(rotate.out)?.[1];
    expect(selector).toBeDefined();
    expect(rotate.out).toContain(`PowerDNS HTTP API at ${lab.info.powerdns.apiUrl}`);
    const after = await zone();
    expect(after.serial).toBeGreaterThan(before.serial);
    expect(after.rrsets.some((r) => r.name === `${selector}._domainkey.${domain}.` && r.type === 'TXT')).toBe(true);
    expect(rotate.out).toMatch(new RegExp(`signed with ${selector} and verifies`));
  }, 300_000);

  test('hostname set publishes A/AAAA and MX for the new name through the PowerDNS API', async () => {
    const to = `mail.${domain}`;
    // The host's rDNS panel, set for the new name first (PowerDNS holds no reverse zone).
    await setLabPtr([lab.vps.ipv4, lab.vps.ipv6], to, { instance: INSTANCE });
    const before = (await zone()).serial;
    const change = await mailsetup(lab, ['hostname', 'set', to, '--yes'], POWERDNS);
    seconds.hostnameSet = change.seconds;
    expect(change.code).toBe(0);
    expect(change.out).toContain('DNS, published through PowerDNS (HTTP API)');
    const after = await zone();
    expect(after.serial).toBeGreaterThan(before);
    const rrset = (name: string, type: string) => after.rrsets.find((r) => r.name === name && r.type === type)?.records.map((r) => r.content);
    expect(rrset(`${to}.`, 'A')).toEqual([lab.vps.ipv4]);
    expect(rrset(`${domain}.`, 'MX')).toEqual([`10 ${to}.`]);
    expect(change.out).toMatch(new RegExp(`MX of ${domain.replace(/\./g, '\\.')} points at ${to.replace(/\./g, '\\.')}`));
  }, 300_000);

  test('the API key is on no command line on the server, and in no state file or log here', () => {
    expect(key.length).toBeGreaterThan(20);
    expect(ps.samples).toBeGreaterThan(20);
    const all = [...ps.lines].join('\n');
    // The watcher saw the issuance: lego ran with the pdns plugin, its key on stdin.
    expect(all).toMatch(/lego .*--dns pdns/);
    expect(all).not.toContain(key);
    const files = (sub: string) => readdirSync(join(lab.stateDir, sub)).map((f) => readFileSync(join(lab.stateDir, sub, f), 'utf8'));
    for (const text of [...files('hosts'), ...files('logs'), first.out]) expect(text).not.toContain(key);
  });

  // Last, as it takes a fresh VPS: a person's run of the wizard in a real
  // terminal on the PowerDNS domain. The API key is typed once (the lab
  // prefills it, masked) on the certificate screen and serves the records too.
  test('the wizard in a terminal (tmux) on a fresh VPS: one credential, the records published through PowerDNS, an all-green summary', async () => {
    const info = await labReset({ instance: INSTANCE, os: [OS] });
    const vps = info.vps[OS]!;
    await setLabPtr([vps.ipv4, vps.ipv6], `smtp.${domain}`, { instance: INSTANCE });
    const term = new Terminal(`powerdns-${OS}`);
    const rc = join(lab.dir, 'wizard.rc');
    try {
      await term.start(['node', CLI_ENTRY, '--lab', '--state-dir', join(lab.dir, 'wizard-state')],
        { ...POWERDNS, MAILSETUP_LAB_INSTANCE: String(INSTANCE), MAILSETUP_LAB_OS: OS, HOME: join(lab.dir, 'home'), NO_COLOR: '1' }, rc);
      const screens = await answerScreens(term, OS);
      expect(screens).toMatch(/Your DNS provider: PowerDNS \(HTTP API\)/);
      expect(screens).toMatch(/API key: •+/);
      expect(screens).not.toContain(key);
      expect(screens).toMatch(/❯ Automatically through PowerDNS \(HTTP API\)/);
      await readReview(term);
      await startFromReview(term);
      const records = await confirmRecords(term);
      expect(records.replace(/\s+/g, ' ')).toContain('mailsetup publishes these through PowerDNS (HTTP API)');
      const { summary } = await readResults(term);
      expect(summary).toContain('Your mail server is ready.');
      expect(summary).toMatch(/Checks: \d+ ok, \d+ warn, 0 fail · test mail: DKIM pass/);
      await term.keys('Enter');
      expect(await waitRc(rc, 10_000)).toBe(0);
      const { rrsets } = await zone();
      expect(rrsets.find((r) => r.name === `${domain}.` && r.type === 'MX')?.records.map((r) => r.content)).toEqual([`10 smtp.${domain}.`]);
    } finally {
      await term.stop();
    }
  }, 900_000);
});
