// The optional records end to end on a lab VPS set up by mailsetup's own
// steps with MTA-STS (policy served by the server's nginx), TLS-RPT and CAA
// (Pebble named by its CAA name, bound to the lego account): the set-up host
// passes `--check`, then each record or the policy is broken one at a time
// (TSIG updates to the lab's bind9, files on the server over SSH) and the
// CLI must report the right id with the right status and fix, and pass
// again once repaired. Lab instance 10 of its own
// (MAILSETUP_RECORDS_LAB_INSTANCE moves it).
import { X509Certificate } from 'node:crypto';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import type { CheckReport } from '../../src/checks/report.js';
import { tlsaValue } from '../../src/dns/tlsa.js';
import { quoteTxt } from '../../src/dns/txt.js';
import { labDown, labUp } from '../../src/lab/index.js';
import { sh } from '../../src/remote/quote.js';
import type { Remote } from '../../src/remote/types.js';
import { mtaStsRoot, mtaStsSite } from '../../src/server/paths.js';
import { steps } from '../../src/tasks/steps.js';
import { expectFailing, failingIds, labCheck, resultById, tearDownLab } from '../helpers/lab-check.js';
import { labTarget, provision, type LabTarget } from '../helpers/provision.js';

const INSTANCE = Number(process.env.MAILSETUP_RECORDS_LAB_INSTANCE ?? 10);
const root = join(import.meta.dirname ?? process.cwd(), '../..');
const canRunLab = process.platform === 'linux' && process.getuid?.() === 0 && process.env.MAILSETUP_LAB !== 'off';
const maybe = canRunLab ? describe : describe.skip;
const CA_NAME = 'pebble.test';

maybe('MTA-STS, TLS-RPT and CAA published by mailsetup, checked both ways on a lab host', () => {
  let target: LabTarget;
  let remote: Remote;
  let stateDir: string;
  let domain: string;
  let hostname: string;

  beforeAll(async () => {
    process.env.MAILSETUP_LAB_INSTANCE = String(INSTANCE);
    const built = execa('npx', ['tsc', '-p', 'tsconfig.json'], { cwd: root });
    await labDown({ instance: INSTANCE });
    await labUp({ instance: INSTANCE, os: ['debian13'] });
    const found = await labTarget('debian13');
    if (!found) throw new Error(`lab instance ${INSTANCE} has no debian13 VPS`);
    target = found;
    ({ domain, hostname } = target.vps);
    stateDir = await mkdtemp(join(tmpdir(), 'mailsetup-records-'));
    const [done] = await Promise.all([
      provision(target, {
        stateDir, keepOpen: true, steps: steps.filter((s) => s.id !== 'testmail'),
        adjust: (ctx) => {
          ctx.answers.mtaSts = { mode: 'testing', serve: 'server' };
          ctx.answers.tlsRpt = { rua: `tls-reports@${domain}` };
          ctx.answers.tls.caaIdentity = CA_NAME;
        },
      }),
      built,
    ]);
    remote = done.ctx.remote;
    if (!done.outcome.ok) throw new Error(`provisioning failed at ${done.outcome.failedStep}: ${done.outcome.error?.message}`);
    // As a wizard run does: the answers saved, so `--check` knows what this host publishes.
    await done.store.setAnswers(done.ctx.answers);
  }, 600_000);

  afterAll(() => tearDownLab(INSTANCE, remote, stateDir), 120_000);

  // `--check` reads the provisioned host's saved answers: it knows MTA-STS, TLS-RPT and the CA were set up.
  const { check, broken } = labCheck({ root, stateDir: () => stateDir, instance: INSTANCE });
  const failing = failingIds;
  const byId = resultById;

  const dig = async (name: string, type: string) =>
    (await execa('dig', ['+short', `@${target.info.dns.server}`, '-p', String(target.info.dns.port), name, type])).stdout.split('\n').filter(Boolean);
  const nsupdate = (lines: string[]) =>
    execa('nsupdate', ['-k', target.info.dns.tsig.keyFile], {
      input: [`server ${target.info.dns.server} ${target.info.dns.port}`, `zone ${domain}`, ...lines, 'send', ''].join('\n'),
    });
  const replaceRecords = (name: string, type: string, values: string[]) =>
    nsupdate([`update delete ${name}. ${type}`, ...values.map((v) => `update add ${name}. 300 ${type} ${v}`)]);
  const POLICY = `${mtaStsRoot}/mta-sts.txt`;
  /** The served policy replaced by `text` (CRLF lines), the real one put back after. */
  const withPolicy = (text: string[]) => ({
    breakIt: () => remote.exec(sh`cp -a ${POLICY} ${POLICY}.keep && printf '%s\r\n' ${text} > ${POLICY}`),
    repair: () => remote.exec(sh`mv ${POLICY}.keep ${POLICY}`),
  });

  test('the set-up host passes: records published, the policy served over HTTPS with a certificate valid against Pebble\'s root', async () => {
    const doc = await check();
    expectFailing(doc, []);
    expect(byId(doc, 'mta-sts.record')).toMatchObject({ status: 'ok', details: expect.stringMatching(/^id=[0-9a-f]{20}$/) });
    expect(byId(doc, 'mta-sts.policy')).toMatchObject({ status: 'ok', details: expect.stringContaining(`certificate valid for mta-sts.${domain}`) });
    expect(byId(doc, 'mta-sts.mode')).toMatchObject({ status: 'ok', details: expect.stringMatching(/^testing/) });
    expect(byId(doc, 'mta-sts.mx')).toMatchObject({ status: 'ok', details: `MX ${hostname}; policy mx: ${hostname}` });
    expect(byId(doc, 'mta-sts.max-age')).toMatchObject({ status: 'ok', details: '86400 s (1 days)' });
    expect(byId(doc, 'tls-rpt.record')).toMatchObject({ status: 'ok', details: `reports go to mailto:tls-reports@${domain}` });
    // CAA names the CA in use, bound to the ACME account lego registered at Pebble.
    const caa = await dig(domain, 'CAA');
    expect(caa).toEqual([expect.stringMatching(new RegExp(`^0 issue "${CA_NAME.replace('.', '\\.')}; accounturi=https://.+/my-account/\\S+"$`))]);
    expect(byId(doc, 'dns.caa')).toMatchObject({ status: 'ok', details: `CAA at ${domain} allows ${CA_NAME}` });
    // The policy's id is its hash: a second run publishes and serves nothing new.
    const again = await provision(target, { stateDir, steps: steps.filter((s) => s.id === 'mta-sts' || s.id === 'dns'), adjust: (ctx) => {
      ctx.answers.mtaSts = { mode: 'testing', serve: 'server' };
      ctx.answers.tlsRpt = { rua: `tls-reports@${domain}` };
      ctx.answers.tls.caaIdentity = CA_NAME;
    }, recheck: true });
    expect(again.outcome.ok).toBe(true);
    expect(await dig(domain, 'CAA')).toEqual(caa);
  }, 120_000);

  test('a policy naming another MX fails mta-sts.mx with the exact mx line; a bad mode and max_age fail theirs', async () => {
    const other = withPolicy(['version: STSv1', 'mode: enforce', 'mx: mail.elsewhere.test', 'max_age: 604800']);
    const doc = await broken(['mta-sts.mx'], other.breakIt, other.repair);
    expect(byId(doc, 'mta-sts.mx')).toMatchObject({
      details: `MX ${hostname} is not in the policy (mx: mail.elsewhere.test): senders refuse to deliver there`,
      fix: `Make the policy's mx lines "mx: ${hostname}" and change the id of the _mta-sts record.`,
    });
    const bad = withPolicy(['version: STSv1', 'mode: strict', `mx: ${hostname}`, 'max_age: 40000000']);
    const doc2 = await broken(['mta-sts.mode', 'mta-sts.max-age'], bad.breakIt, bad.repair);
    expect(byId(doc2, 'mta-sts.mode')).toMatchObject({ details: 'mode is strict: senders ignore the policy' });
    expect(byId(doc2, 'mta-sts.max-age')).toMatchObject({ details: 'max_age 40000000 is over 31557600 (a year, RFC 8461)' });
    const short = withPolicy(['version: STSv1', 'mode: testing', `mx: ${hostname}`, 'max_age: 600']);
    await short.breakIt();
    let doc3: CheckReport;
    try {
      doc3 = await check();
    } finally {
      await short.repair();
    }
    expect(failing(doc3)).toEqual([]);
    expect(byId(doc3, 'mta-sts.max-age')).toMatchObject({ status: 'warn', fix: expect.stringContaining('at least 86400') });
  }, 120_000);

  test('the policy not served (nginx stopped) or served with a certificate for another name fails mta-sts.policy', async () => {
    const down = await broken(['mta-sts.policy'],
      () => remote.exec(sh`systemctl stop nginx`),
      () => remote.exec(sh`systemctl start nginx`));
    expect(byId(down, 'mta-sts.policy')).toMatchObject({ details: expect.stringContaining('ECONNREFUSED'), fix: expect.stringContaining('let port 443 in') });
    const dir = '/root/mailsetup-test-nginx-cert';
    const wrong = await broken(['mta-sts.policy'],
      () => remote.exec(sh`mkdir -p ${dir} && cp -a ${mtaStsSite} ${dir}/site && openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 30 -subj /CN=wrong.test -addext subjectAltName=DNS:wrong.test -keyout ${dir}/key.pem -out ${dir}/cert.pem 2>/dev/null && sed -i ${`s#ssl_certificate .*#ssl_certificate ${dir}/cert.pem;#; s#ssl_certificate_key .*#ssl_certificate_key ${dir}/key.pem;#`} ${mtaStsSite} && systemctl reload nginx`),
      () => remote.exec(sh`cp -a ${dir}/site ${mtaStsSite} && rm -rf ${dir} && systemctl reload nginx`));
    expect(byId(wrong, 'mta-sts.policy')!.details).toMatch(/self.signed|not trusted|altnames|unable to verify/i);
  }, 120_000);

  test('the _mta-sts and TLS-RPT records missing or malformed fail theirs; another CA only in CAA fails dns.caa', async () => {
    const sts = `_mta-sts.${domain}`;
    const rpt = `_smtp._tls.${domain}`;
    const savedSts = await dig(sts, 'TXT');
    const savedRpt = await dig(rpt, 'TXT');
    const savedCaa = await dig(domain, 'CAA');
    const missing = await broken(['mta-sts.record'], () => nsupdate([`update delete ${sts}. TXT`]), () => replaceRecords(sts, 'TXT', savedSts));
    expect(byId(missing, 'mta-sts.record')).toMatchObject({ details: `no v=STSv1 record at ${sts}`, fix: expect.stringContaining('mtaSts.mode') });
    const badRpt = await broken(['tls-rpt.record'], () => replaceRecords(rpt, 'TXT', [quoteTxt('v=TLSRPTv1; rua=tls-reports@example.test')]), () => replaceRecords(rpt, 'TXT', savedRpt));
    expect(byId(badRpt, 'tls-rpt.record')).toMatchObject({ details: expect.stringContaining('neither mailto'), fix: expect.stringContaining('v=TLSRPTv1; rua=mailto:') });
    const otherCa = await broken(['dns.caa'], () => replaceRecords(domain, 'CAA', ['0 issue "pki.goog"']), () => replaceRecords(domain, 'CAA', savedCaa));
    expect(byId(otherCa, 'dns.caa')).toMatchObject({ details: expect.stringContaining(`allows pki.goog, not ${CA_NAME}`) });
  }, 120_000);

  test('DNSSEC: the lab zone (bind9 does not sign it) is reported not signed. DANE: a TLSA matching port 25 warns (unsigned zone), one that does not fails with the exact record', async () => {
    const plain = await check();
    expect(byId(plain, 'dnssec.zone')).toMatchObject({ status: 'ok', details: expect.stringMatching(/^not signed/) });
    expect(byId(plain, 'dane.smtp')).toMatchObject({ status: 'skip' });
    const pem = (await remote.readFile(`/etc/chasquid/certs/${hostname}/fullchain.pem`))!.toString('utf8');
    const der = new X509Certificate(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/.exec(pem)![0]).raw;
    const tlsa = `_25._tcp.${hostname}`;
    await nsupdate([`update add ${tlsa}. 300 TLSA ${tlsaValue(der)}`]);
    try {
      const matching = await check();
      expect(failing(matching)).toEqual([]);
      expect(byId(matching, 'dane.smtp')).toMatchObject({ status: 'warn', details: expect.stringContaining('matches the certificate, but'), fix: expect.stringContaining('Sign the zone') });
      const wrong = await broken(['dane.smtp'], () => replaceRecords(tlsa, 'TLSA', [`3 1 1 ${'ab'.repeat(32)}`]), () => replaceRecords(tlsa, 'TLSA', [tlsaValue(der)]));
      expect(byId(wrong, 'dane.smtp')).toMatchObject({ details: expect.stringContaining('matches nothing port 25 presents'), fix: expect.stringContaining(`Replace the TLSA record with ${tlsa}. TLSA ${tlsaValue(der)}`) });
    } finally {
      await nsupdate([`update delete ${tlsa}. TLSA`]);
    }
  }, 120_000);

  // lego has no dry run: the check reads how the daily renewal's last run ended and asks the ACME
  // directory from the server; here the real renewal runs against Pebble, then is broken two ways.
  test('renewal: the daily renewal run against Pebble passes renewal.*; lost credentials fail renewal.last-run, an unreachable ACME server renewal.acme-reachable', async () => {
    const renew = () => remote.exec(sh`systemctl reset-failed mailsetup-certificate.service; systemctl start mailsetup-certificate.service`, { allowFailure: true, timeoutMs: 120_000 });
    await renew();
    const good = await check();
    expect(byId(good, 'renewal.last-run')).toMatchObject({ status: 'ok', details: expect.stringMatching(/exit 0$/) });
    expect(byId(good, 'renewal.acme-reachable')).toMatchObject({ status: 'ok', title: expect.stringContaining(target.info.acme.directory) });
    const env = '/etc/mailsetup/dns-credentials.env';
    const lost = await broken(['renewal.last-run'],
      () => remote.exec(sh`mv ${env} ${env}.keep`).then(renew),
      () => remote.exec(sh`mv ${env}.keep ${env}`).then(renew));
    expect(byId(lost, 'renewal.last-run')).toMatchObject({ details: expect.stringMatching(/exit [1-9]/), fix: expect.stringContaining('mailsetup cert renew') });
    const script = '/etc/mailsetup/renew-certificate.sh';
    const port = new URL(target.info.acme.directory).port;
    const away = await broken(['renewal.acme-reachable'],
      () => remote.exec(sh`cp -a ${script} ${script}.keep && sed -i ${`s#:${port}/#:1/#`} ${script}`),
      () => remote.exec(sh`mv ${script}.keep ${script}`));
    expect(byId(away, 'renewal.acme-reachable')).toMatchObject({ details: expect.stringMatching(/^from the server: curl/), fix: expect.stringContaining('reach') });
  }, 240_000);

  test('backup: fresh after the run; a change on the server after it warns backup.fresh naming the file; the backup step makes it fresh again', async () => {
    expect(byId(await check(), 'backup.fresh')).toMatchObject({ status: 'ok' });
    const aliases = `/etc/chasquid/domains/${domain}/aliases`;
    await new Promise((resolve) => setTimeout(resolve, 1100)); // a change in a later second than the backup's commit
    await remote.exec(sh`printf '%s\n' ${'postmaster: ' + target.run.answers.receiving.forwardTo} >> ${aliases}`);
    const stale = await check();
    expect(failing(stale)).toEqual([]);
    expect(byId(stale, 'backup.fresh')).toMatchObject({ status: 'warn', details: expect.stringContaining(`${aliases} changed on`), fix: expect.stringContaining('backup step') });
    const again = await provision(target, { stateDir, steps: steps.filter((x) => x.id === 'backup'), recheck: true });
    expect(again.outcome.ok).toBe(true);
    expect(byId(await check(), 'backup.fresh')).toMatchObject({ status: 'ok' });
  }, 120_000);
});
