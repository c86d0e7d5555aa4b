// The optional records end to end on a lab VPS set up by mailsetup's own
// steps with MTA-STS (policy served by the server's nginx), TLS-RPT and CAA
// (Pebble named by its CAA name, bound to the lego account): the set-up host
// passes `--check`, then each record or the policy is broken one at a time
// (TSIG updates to the lab's bind9, files on the server over SSH) and the
// CLI must report the right id with the right status and fix, and pass
// again once repaired. nginx's memory is measured as the spam filter's is
// and held against the figure the DNS screen shows. Last, `hostname set`
// moves the certificate: nginx's site, the policy's mx and nginx's loaded
// certificate follow (also after a forced renewal and a reload that was
// missed). Lab instance 10 of its own (MAILSETUP_RECORDS_LAB_INSTANCE moves it).
import { X509Certificate } from 'node:crypto';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import type { CheckReport } from '../../src/checks/report.js';
import { tlsaValue } from '../../src/dns/tlsa.js';
import { quoteTxt } from '../../src/dns/txt.js';
import { labDown, labUp } from '../../src/lab/index.js';
import type { LabOs } from '../../src/lab/types.js';
import { sh } from '../../src/remote/quote.js';
import type { Remote } from '../../src/remote/types.js';
import { certDir, mtaStsRoot, mtaStsSite } from '../../src/server/paths.js';
import { unitMemoryMb } from '../../src/server/unit-memory.js';
import { CLI_ENTRY } from '../helpers/cli-entry.js';
import { steps } from '../../src/tasks/steps.js';
import { expectFailing, failingIds, labCheck, resultById, tearDownLab } from '../helpers/lab-check.js';
import { labTarget, provision, type LabTarget } from '../helpers/provision.js';
import { servedFingerprint } from '../helpers/tls-fingerprint.js';

const INSTANCE = Number(process.env.MAILSETUP_RECORDS_LAB_INSTANCE ?? 10);
// Debian 13 in CI; MAILSETUP_RECORDS_LAB_OS=debian12 runs the same on Debian 12.
const OS: LabOs = process.env.MAILSETUP_RECORDS_LAB_OS === 'debian12' ? 'debian12' : 'debian13';
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
    await labUp({ instance: INSTANCE, os: [OS] });
    const found = await labTarget(OS);
    if (!found) throw new Error(`lab instance ${INSTANCE} has no ${OS} VPS`);
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
  const { check, broken } = labCheck({ root, stateDir: () => stateDir, instance: INSTANCE, os: OS });
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
  test('nginx\'s memory, measured on the VPS as the spam filter\'s is, is the figure the DNS screen shows', async () => {
    const measured = await unitMemoryMb(remote, 'nginx');
    const shown = (JSON.parse(await readFile(join(root, 'assets/mta-sts/nginx.json'), 'utf8')) as { memoryMb: Record<string, number> }).memoryMb[OS]!;
    process.stderr.write(`\n${OS}: nginx serving the MTA-STS policy uses ${measured} MB (PSS); the DNS screen says about ${shown} MB\n`);
    expect(measured).toEqual(expect.any(Number));
    // A few MB: a third of the figure, or 2 MB, whichever is more.
    expect(Math.abs(measured! - shown)).toBeLessThanOrEqual(Math.max(2, shown / 3));
  }, 60_000);

  // Last: the host name moves, and with it the certificate's folder.
  test('hostname set: nginx serves the new folder\'s certificate and a policy naming the new host; a renewal and a missed reload are followed too', async () => {
    const name = `mail.${domain}`;
    const sts = `mta-sts.${domain}`;
    const cli = (args: string[]) => execa('node', [CLI_ENTRY, ...args, '--lab', '--state-dir', stateDir], {
      cwd: root, reject: false, env: { MAILSETUP_LAB_INSTANCE: String(INSTANCE), MAILSETUP_LAB_OS: OS, NO_COLOR: '1', XDG_STATE_HOME: stateDir },
    });
    const fileFingerprint = async () => new X509Certificate((await remote.readFile(`${certDir(name)}/fullchain.pem`))!).fingerprint256;
    /** What nginx presents for mta-sts.DOMAIN, seen from this machine; nginx's reload takes a moment. */
    const nginxServes = async (fingerprint: string) => {
      for (let i = 0; i < 20 && (await servedFingerprint(target.vps.ipv4, 443, sts)) !== fingerprint; i++) await new Promise((r) => setTimeout(r, 250));
      return servedFingerprint(target.vps.ipv4, 443, sts);
    };
    const idBefore = byId(await check(), 'mta-sts.record')!.details;

    const moved = await cli(['hostname', 'set', name, '--yes']);
    if (moved.exitCode !== 0) console.log(moved.stdout, moved.stderr);
    expect(moved.exitCode).toBe(0);
    expect(moved.stdout).toContain(`MTA-STS: the policy's mx becomes ${name}; nginx serves https://${sts}/.well-known/mta-sts.txt with /etc/chasquid/certs/${name}/'s certificate`);
    expect(moved.stdout).toContain(`MTA-STS policy (mx: ${name}) and nginx's certificate (MTA-STS step):`);
    expect(moved.stdout).toMatch(/nginx site written, nginx uses \d+ MB of memory/);
    expect(moved.stdout).toContain(`removed the certificate of ${hostname}`);
    expect(moved.stdout).not.toMatch(/✗/);
    const site = (await remote.readFile(mtaStsSite))!.toString('utf8');
    expect(site).toContain(`ssl_certificate ${certDir(name)}/fullchain.pem;`);
    expect(site).not.toContain(certDir(hostname));
    expect((await remote.readFile(`${mtaStsRoot}/mta-sts.txt`))!.toString('utf8')).toContain(`mx: ${name}\r\n`);
    // The old folder is gone and nginx's configuration names only files that exist: a restart would work.
    expect((await remote.exec(sh`ls /etc/chasquid/certs`)).stdout.split('\n')).not.toContain(hostname);
    expect((await remote.exec(sh`nginx -t`, { allowFailure: true })).code).toBe(0);
    expect(await nginxServes(await fileFingerprint())).toBe(await fileFingerprint());
    const after = await check();
    expectFailing(after, []);
    expect(byId(after, 'mta-sts.policy')).toMatchObject({ status: 'ok', details: expect.stringContaining(`certificate valid for ${sts}`) });
    expect(byId(after, 'mta-sts.mx')).toMatchObject({ status: 'ok', details: `MX ${name}; policy mx: ${name}` });
    // The policy changed, so its id did: senders fetch it again.
    expect(byId(after, 'mta-sts.record')!.details).not.toBe(idBefore);

    // A forced renewal: the reload hook places the new certificate in the new folder and reloads nginx.
    const old = await fileFingerprint();
    const renewed = await cli(['cert', 'renew', '--yes']);
    if (renewed.exitCode !== 0) console.log(renewed.stdout, renewed.stderr);
    expect(renewed.exitCode).toBe(0);
    const fresh = await fileFingerprint();
    expect(fresh).not.toBe(old);
    expect(await nginxServes(fresh)).toBe(fresh);

    // A reload that never happened (cut off): nginx keeps a certificate it loaded earlier while the
    // file is current. Here: another certificate loaded, then the site file put back without a reload.
    const dir = '/root/mailsetup-test-stale-cert';
    await remote.exec(sh`mkdir -p ${dir} && cp -a ${mtaStsSite} ${dir}/site && openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 30 -subj ${`/CN=${sts}`} -addext ${`subjectAltName=DNS:${sts}`} -keyout ${dir}/key.pem -out ${dir}/cert.pem 2>/dev/null && sed -i ${`s#ssl_certificate .*#ssl_certificate ${dir}/cert.pem;#; s#ssl_certificate_key .*#ssl_certificate_key ${dir}/key.pem;#`} ${mtaStsSite} && systemctl reload nginx && sleep 1 && cp -a ${dir}/site ${mtaStsSite}`);
    try {
      const stale = await check();
      expectFailing(stale, ['mta-sts.policy']);
      // Rerun (the same name: finishing): the step sees nginx serves another certificate than the file's and reloads it.
      const rerun = await cli(['hostname', 'set', name, '--yes']);
      if (rerun.exitCode !== 0) console.log(rerun.stdout, rerun.stderr);
      expect(rerun.exitCode).toBe(0);
      expect(rerun.stdout).toMatch(/nginx reloaded with the current certificate, nginx uses \d+ MB of memory/);
      expect(await nginxServes(fresh)).toBe(fresh);
      expectFailing(await check(), []);
      // And a rerun with nothing to do changes nothing.
      const again = await cli(['hostname', 'set', name, '--yes']);
      expect(again.exitCode).toBe(0);
      expect(again.stdout).toMatch(/policy served, nginx uses \d+ MB of memory/);
    } finally {
      await remote.exec(sh`rm -rf ${dir}`);
    }
  }, 300_000);
});
