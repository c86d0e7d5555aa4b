// DNSSEC and DANE end to end on a signed lab (`lab up --dnssec`: bind9
// signs example13.test, its DS sits in the signed test. the lab serves, and
// a second bind9 validates with test.'s key as trust anchor). The installed
// CLI's unattended run publishes the TLSA record because the zone is signed;
// `--check` through the validating resolver reports the zone validated and
// the TLSA matching port 25; a forced renewal keeps the key; a wrong TLSA and
// a DS matching no key fail with the exact record to publish. One VPS for
// the file, on lab instance 15 of its own (MAILSETUP_DNSSEC_LAB_INSTANCE
// moves it).
import { X509Certificate } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { tlsaValue } from '../../src/dns/tlsa.js';
import { labDown, labExec, labUp } from '../../src/lab/index.js';
import { mailsetup, type CliResult, type FlavourLab } from '../flavours/helpers.js';
import { expectFailing, labCheck, resultById } from '../helpers/lab-check.js';
import { labCanRunHere } from '../helpers/provision.js';
import { CLI, haveCli } from '../security/helpers/cli-run.js';

const INSTANCE = Number(process.env.MAILSETUP_DNSSEC_LAB_INSTANCE ?? 15);
const OS = 'debian13';
const root = join(import.meta.dirname ?? process.cwd(), '../..');
const maybe = labCanRunHere ? describe : describe.skip;
// The spam filter is another file's subject: without it a fresh provisioning is 40-60 s shorter.
const ENV = { MAILSETUP_LAB_SPAM_FILTER: 'none' };

maybe(`a DNSSEC-signed mail domain on the lab (instance ${INSTANCE}): DANE published, validated, kept across a renewal, broken both ways`, () => {
  let lab: FlavourLab;
  let run: CliResult;
  let domain: string;
  let hostname: string;
  let validator: string;

  beforeAll(async () => {
    if (!haveCli()) throw new Error(`${CLI} is missing: build it with \`npx tsc\` first`);
    await labDown({ instance: INSTANCE });
    const info = await labUp({ instance: INSTANCE, os: [OS], dnssec: true });
    const vps = info.vps[OS]!;
    ({ domain, hostname } = vps);
    expect(info.dnssec?.signedZones).toContain(domain);
    validator = info.dnssec!.resolver.server;
    const dir = mkdtempSync(join(tmpdir(), 'mailsetup-dnssec-'));
    lab = { info, vps, os: OS, dir, stateDir: join(dir, 'state') };
    run = await mailsetup(lab, ['--yes'], ENV);
    process.stderr.write(`\nunattended run on the signed domain: ${run.seconds} s\n`);
  }, 600_000);

  afterAll(async () => {
    if (lab) rmSync(lab.dir, { recursive: true, force: true });
    await labDown({ instance: INSTANCE });
  }, 120_000);

  const { check } = labCheck({ root, stateDir: () => lab.stateDir, instance: INSTANCE, os: OS });
  const tlsaName = () => `_25._tcp.${hostname}`;

  /** What the validating resolver answers (dig +short, hex in one piece, lower case). */
  const ask = async (name: string, type: string) =>
    (await execa('dig', ['+short', '+time=2', `@${validator}`, name, type])).stdout.split('\n').filter(Boolean)
      .map((l) => l.replace(/^(\d+ \d+ \d+) (.*)$/, (_, head: string, hex: string) => `${head} ${hex.replace(/\s+/g, '').toLowerCase()}`));
  /** named re-signs after each update: wait until the validator answers `want`. */
  const until = async (name: string, type: string, want: string[]) => {
    for (let i = 0; i < 50 && JSON.stringify(await ask(name, type)) !== JSON.stringify(want); i++) await new Promise((r) => setTimeout(r, 200));
    expect(await ask(name, type)).toEqual(want);
  };
  const nsupdate = async (zone: string, lines: string[]) => {
    const dns = lab.info.dns;
    await execa('nsupdate', ['-k', dns.tsig.keyFile], { input: [`server ${dns.server} ${dns.port}`, `zone ${zone}`, ...lines, 'send', ''].join('\n') });
  };
  /** The certificate chasquid serves (the leaf of the file it reads). */
  const servedCert = async () => {
    const pem = String((await labExec(lab.vps, `cat /etc/chasquid/certs/${hostname}/fullchain.pem`)).stdout);
    return new X509Certificate(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/.exec(pem)![0]);
  };

  test('the unattended run publishes TLSA 3 1 1 of the served key (the zone is signed); --check: dnssec.zone validated, dane.smtp ok', async () => {
    expect(run.code).toBe(0);
    expect(run.out).toMatch(/All steps done/);
    const cert = await servedCert();
    expect(await ask(tlsaName(), 'TLSA')).toEqual([tlsaValue(cert.raw)]);
    const doc = await check();
    expectFailing(doc, []);
    expect(resultById(doc, 'dnssec.zone')).toMatchObject({ status: 'ok', details: expect.stringMatching(new RegExp(`^signed, DS key tag \\d+ at the parent matches a DNSKEY; validated by ${validator.replace(/\./g, '\\.')}`)) });
    expect(resultById(doc, 'dane.smtp')).toMatchObject({ status: 'ok', details: `TLSA ${tlsaValue(cert.raw)} matches the certificate presented on port 25` });
  }, 120_000);

  test('a forced renewal (mailsetup cert renew) issues a new certificate with the same key: the TLSA still matches', async () => {
    const before = await servedCert();
    const renew = await mailsetup(lab, ['cert', 'renew', '--yes'], ENV);
    expect(renew.code).toBe(0);
    const after = await servedCert();
    expect(after.serialNumber).not.toBe(before.serialNumber);
    expect(tlsaValue(after.raw)).toBe(tlsaValue(before.raw));
    const doc = await check();
    expectFailing(doc, []);
    expect(resultById(doc, 'dane.smtp')).toMatchObject({ status: 'ok' });
    process.stderr.write(`\ncert renew: ${renew.seconds} s\n`);
  }, 180_000);

  test('a TLSA that matches nothing port 25 presents fails dane.smtp, its fix the exact record', async () => {
    const good = tlsaValue((await servedCert()).raw);
    const wrong = `3 1 1 ${'ab'.repeat(32)}`;
    await nsupdate(domain, [`update delete ${tlsaName()}. TLSA`, `update add ${tlsaName()}. 300 TLSA ${wrong}`]);
    let doc;
    try {
      await until(tlsaName(), 'TLSA', [wrong]);
      doc = await check();
    } finally {
      await nsupdate(domain, [`update delete ${tlsaName()}. TLSA`, `update add ${tlsaName()}. 300 TLSA ${good}`]);
    }
    expectFailing(doc, ['dane.smtp']);
    expect(resultById(doc, 'dane.smtp')).toMatchObject({
      details: `TLSA ${wrong} matches nothing port 25 presents: DANE senders refuse to deliver`,
      fix: expect.stringContaining(`Replace the TLSA record with ${tlsaName()}. TLSA ${good} `),
    });
    await until(tlsaName(), 'TLSA', [good]);
    expectFailing(await check(), []);
  }, 120_000);

  test('a DS that matches no key fails dnssec.zone with the DS to publish; the validator then answers SERVFAIL, which the other checks report as "could not check"', async () => {
    const [published] = await ask(domain, 'DS');
    const [tag, algorithm, digestType, digest] = published!.split(' ');
    const wrong = `${tag} ${algorithm} ${digestType} ${'0'.repeat(64)}`;
    await nsupdate('test', [`update delete ${domain}. DS`, `update add ${domain}. 60 DS ${wrong}`]);
    let doc;
    try {
      await until(domain, 'DS', [wrong]);
      doc = await check();
    } finally {
      await nsupdate('test', [`update delete ${domain}. DS`, `update add ${domain}. 60 DS ${published}`]);
    }
    expect(resultById(doc, 'dnssec.zone')).toMatchObject({
      status: 'fail',
      details: `the parent's DS (key tag ${tag}) matches none of the zone's DNSKEYs (${tag}): validating resolvers answer SERVFAIL for every name in ${domain} (${validator}:53 does: SERVFAIL)`,
      fix: `Replace the DS record at your registrar with ${domain}. DS ${tag} ${algorithm} 2 ${digest!.toUpperCase()}`,
    });
    const others = doc.results.filter((r) => r.status === 'fail' && r.id !== 'dnssec.zone');
    expect(others.length).toBeGreaterThan(0);
    for (const r of others) expect({ id: r.id, details: r.details }).toEqual({ id: r.id, details: expect.stringMatching(/^could not check: .*SERVFAIL/) });
    // Put back, the chain validates again at once. The validator keeps its other
    // answers' failures for its bad-cache time (30 s in bind 9.18), as resolvers
    // on the internet do after a registrar's DS is fixed: only the zone is asked again.
    await until(domain, 'DS', [published!]);
    const repaired = await check();
    expect(resultById(repaired, 'dnssec.zone')).toMatchObject({ status: 'ok', details: expect.stringContaining(`validated by ${validator}`) });
  }, 120_000);
});
