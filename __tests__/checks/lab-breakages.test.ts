// `mailsetup --lab --check --json` both ways, end to end: a lab VPS set up by
// mailsetup's own steps passes; then each breakage a real host suffers (in
// DNS through TSIG updates of the lab's bind9, on the server over SSH) is put
// in place one at a time, the CLI must report it as fail (or warn) with a fix,
// its exit code must agree with its JSON, and after the repair it passes again.
// It runs on lab instance 8 (Debian 13) of its own, so nothing it breaks can
// touch the lab other tests and people use (MAILSETUP_BREAKAGES_LAB_INSTANCE
// moves it to another instance reserved for the person running it).
import { generateKeyPairSync } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { checkAuthenticatedRelay } from '../../src/checks/relay-auth.js';
import type { CheckReport } from '../../src/checks/report.js';
import { runChecks } from '../../src/checks/run-all.js';
import { dkimFromKey, dkimValue } from '../../src/dns/dkim.js';
import { quoteTxt } from '../../src/dns/txt.js';
import { delistFromBlocklist, labDown, labUp, listOnBlocklist, reverseName } from '../../src/lab/index.js';
import { sh } from '../../src/remote/quote.js';
import { CHASQUID_CONF } from '../../src/server/paths.js';
import type { Remote } from '../../src/remote/types.js';
import { steps } from '../../src/tasks/steps.js';
import { startFailingDns } from '../helpers/failing-dns.js';
import { labTarget, provision, type LabTarget } from '../helpers/provision.js';
import { failingIds, labCheck, resultById, tearDownLab } from '../helpers/lab-check.js';

const INSTANCE = Number(process.env.MAILSETUP_BREAKAGES_LAB_INSTANCE ?? 8);
const root = join(import.meta.dirname ?? process.cwd(), '../..');
const canRunLab = process.platform === 'linux' && process.getuid?.() === 0 && process.env.MAILSETUP_LAB !== 'off';
const maybe = canRunLab ? describe : describe.skip;

maybe('mailsetup --lab --check on a lab host broken one thing at a time', () => {
  let target: LabTarget;
  let remote: Remote;
  let stateDir: string;
  let v4: string;
  let v6: string;
  let selector: string;

  beforeAll(async () => {
    // labTarget/provision and the CLI read the lab instance from here.
    process.env.MAILSETUP_LAB_INSTANCE = String(INSTANCE);
    // A file run on its own tests the compiled dist/cli.js (CLI_ENTRY's fallback): compiled beside the lab's start.
    const built = execa('npx', ['tsc', '-p', 'tsconfig.json'], { cwd: root });
    await labDown({ instance: INSTANCE }); // leftovers of an interrupted run
    await labUp({ instance: INSTANCE, os: ['debian13'] });
    const found = await labTarget('debian13');
    if (!found) throw new Error(`lab instance ${INSTANCE} has no debian13 VPS`);
    target = found;
    stateDir = await mkdtemp(join(tmpdir(), 'mailsetup-breakages-'));
    // The test mail proves DKIM end to end elsewhere; the checks need only the set-up host.
    const [done] = await Promise.all([
      provision(target, { stateDir, steps: steps.filter((s) => s.id !== 'testmail'), keepOpen: true }),
      built,
    ]);
    remote = done.ctx.remote;
    if (!done.outcome.ok) throw new Error(`provisioning failed at ${done.outcome.failedStep}: ${done.outcome.error?.message}`);
    ({ ipv4: v4, ipv6: v6 } = target.vps);
  }, 600_000);

  afterAll(() => tearDownLab(INSTANCE, remote, stateDir), 120_000);

  const { check, broken } = labCheck({ root, stateDir: () => stateDir, instance: INSTANCE });
  const failing = failingIds;
  const byId = resultById;

  // DNS changes: TSIG-signed updates to the lab's bind9, as any provider's API would make them.
  const nsupdate = (zone: string, lines: string[]) =>
    execa('nsupdate', ['-k', target.info.dns.tsig.keyFile], {
      input: [`server ${target.info.dns.server} ${target.info.dns.port}`, `zone ${zone}`, ...lines, 'send', ''].join('\n'),
    });
  /** TXT records at `name` in presentation form (quoted chunks), as nsupdate takes them back. */
  const txtAt = async (name: string) =>
    (await execa('dig', ['+short', `@${target.info.dns.server}`, '-p', String(target.info.dns.port), name, 'TXT'])).stdout
      .split('\n').filter(Boolean);
  const replaceTxt = (zone: string, name: string, values: string[]) =>
    nsupdate(zone, [`update delete ${name}. TXT`, ...values.map((v) => `update add ${name}. 300 TXT ${v}`)]);

  // On the server: Debian's chasquid is socket-activated, and chasquid.service Requires= its three sockets.
  const SOCKETS = ['chasquid-smtp.socket', 'chasquid-submission.socket', 'chasquid-submission_tls.socket'];
  const onServer = (cmd: ReturnType<typeof sh>) => remote.exec(cmd, { timeoutMs: 60_000 });
  // These tests restart chasquid more often than systemd's start limit (5 in 10 s) allows; reset-failed clears the count.
  const RESTART = sh`systemctl reset-failed chasquid.service && systemctl restart chasquid.service`;

  test('the set-up host passes: exit 0, no failure', async () => {
    const doc = await check();
    expect(failing(doc)).toEqual([]);
    expect(doc.results.length).toBeGreaterThan(20);
    selector = doc.results.find((r) => r.id.startsWith('dkim.key.'))!.id.slice('dkim.key.'.length);
    expect(selector).toMatch(/\S/);
  }, 60_000);

  test('a stale host key recorded for the lab VPS (the VPS was re-created) does not stop --lab: the lab knows its keys', async () => {
    const { writeFile, readFile } = await import('node:fs/promises');
    const stale = join(stateDir, 'known_hosts');
    const other = generateKeyPairSync('ed25519').publicKey.export({ type: 'spki', format: 'der' }).subarray(-32);
    const blob = Buffer.concat([Buffer.from([0, 0, 0, 11]), Buffer.from('ssh-ed25519'), Buffer.from([0, 0, 0, 32]), other]);
    const record = `${target.vps.ssh.host} ssh-ed25519 ${blob.toString('base64')}\n`;
    await writeFile(stale, record, { mode: 0o600 });
    try {
      const doc = await check();
      expect(doc.results.find((r) => r.id === 'service.ssh')).toBeUndefined();
      expect(failing(doc)).toEqual([]);
      expect(doc.results.find((r) => r.id === 'service.chasquid-active' || r.id.startsWith('service.'))).toMatchObject({ status: 'ok' });
      // The user's own record is left as it was: the lab's file was used, nothing was written over it.
      expect(await readFile(stale, 'utf8')).toBe(record);
    } finally {
      await rm(stale, { force: true });
    }
  }, 60_000);

  test('a wrong PTR fails rdns with the panel fix', async () => {
    const zone = target.info.dns.reverseZones.ipv4;
    const name = reverseName(v4).replace(/\.$/, '');
    const doc = await broken([`rdns.ipv4.${v4}`],
      () => nsupdate(zone, [`update delete ${name}. PTR`, `update add ${name}. 300 PTR ${target.vps.ptr.replace(/\.?$/, '.')}`]),
      () => nsupdate(zone, [`update delete ${name}. PTR`, `update add ${name}. 300 PTR ${target.vps.hostname}.`]));
    expect(byId(doc, `rdns.ipv4.${v4}`)).toMatchObject({ details: expect.stringContaining(target.vps.ptr.replace(/\.$/, '')), fix: expect.stringContaining('reverse DNS') });
  }, 60_000);

  test('the DKIM record missing fails dkim.key.<selector>', async () => {
    const name = `${selector}._domainkey.${target.vps.domain}`;
    const saved = await txtAt(name);
    expect(saved.length).toBe(1);
    const doc = await broken([`dkim.key.${selector}`],
      () => nsupdate(target.vps.domain, [`update delete ${name}. TXT`]),
      () => replaceTxt(target.vps.domain, name, saved));
    expect(byId(doc, `dkim.key.${selector}`)).toMatchObject({ details: expect.stringContaining('no DKIM record'), fix: expect.stringContaining(name) });
  }, 60_000);

  test('a DKIM record with another key fails dkim.key.<selector>', async () => {
    const name = `${selector}._domainkey.${target.vps.domain}`;
    const saved = await txtAt(name);
    const other = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' });
    const doc = await broken([`dkim.key.${selector}`],
      () => replaceTxt(target.vps.domain, name, [quoteTxt(dkimValue(dkimFromKey(other)))]),
      () => replaceTxt(target.vps.domain, name, saved));
    expect(byId(doc, `dkim.key.${selector}`)).toMatchObject({ details: expect.stringContaining('not the one'), fix: expect.stringContaining('Publish') });
  }, 60_000);

  // The apex's SPF is swapped by value, so any other TXT record there stays.
  async function withSpf(ids: string[], records: string[], extra: { name: string; value: string }[] = []) {
    const { domain } = target.vps;
    const saved = (await txtAt(domain)).filter((t) => t.startsWith('"v=spf1'));
    expect(saved.length).toBe(1);
    return broken(ids,
      () => nsupdate(domain, [
        ...saved.map((v) => `update delete ${domain}. TXT ${v}`),
        ...records.map((v) => `update add ${domain}. 300 TXT ${quoteTxt(v)}`),
        ...extra.map((e) => `update add ${e.name}. 300 TXT ${quoteTxt(e.value)}`),
      ]),
      () => nsupdate(domain, [
        ...records.map((v) => `update delete ${domain}. TXT ${quoteTxt(v)}`),
        ...extra.map((e) => `update delete ${e.name}. TXT`),
        ...saved.map((v) => `update add ${domain}. 300 TXT ${v}`),
      ]));
  }

  test('an SPF that leaves out the IPv6 address fails spf.authorizes-ipv6', async () => {
    const doc = await withSpf([`spf.authorizes-ipv6.${v6}`], [`v=spf1 ip4:${v4} ~all`]);
    expect(byId(doc, `spf.authorizes-ipv6.${v6}`)).toMatchObject({ fix: expect.stringContaining(`ip6:${v6}`) });
    expect(byId(doc, `spf.authorizes-ipv4.${v4}`)).toMatchObject({ status: 'ok' });
  }, 60_000);

  test('an SPF over 10 lookups (a chain of includes in the zone) fails spf.lookups', async () => {
    const { domain } = target.vps;
    // 11 includes, each naming the next: 11 lookups. The server's own addresses come first, so they still pass.
    const link = (n: number) => `l${n}._spf.${domain}`;
    const chain = Array.from({ length: 11 }, (_, i) => ({ name: link(i + 1), value: i + 1 < 11 ? `v=spf1 include:${link(i + 2)} ~all` : 'v=spf1 -all' }));
    const doc = await withSpf(['spf.lookups'], [`v=spf1 ip4:${v4} ip6:${v6} include:${link(1)} ~all`], chain);
    expect(byId(doc, 'spf.lookups')).toMatchObject({ details: expect.stringMatching(/^11 DNS lookups/), fix: expect.stringContaining('flatten') });
  }, 60_000);

  test('two SPF records fail spf.record', async () => {
    const { domain } = target.vps;
    const own = (await txtAt(domain)).find((t) => t.startsWith('"v=spf1'))!.replace(/^"|"$/g, '');
    const doc = await withSpf(['spf.record'], [own, `v=spf1 a:${target.vps.hostname} -all`]);
    expect(byId(doc, 'spf.record')).toMatchObject({ details: expect.stringMatching(/^2 SPF records/), fix: expect.stringContaining('Merge') });
  }, 60_000);

  // The certificate is swapped for a self-signed one made on the server; the real one is kept aside and put back.
  async function withCertificate(ids: string[], opensslArgs: string[]) {
    const dir = `/etc/chasquid/certs/${target.vps.hostname}`;
    const aside = '/root/mailsetup-test-cert';
    return broken(ids,
      () => onServer(sh`rm -rf ${aside} && mkdir -p ${aside} && cp -a ${dir}/fullchain.pem ${dir}/privkey.pem ${aside}/ && openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes ${opensslArgs} -keyout ${dir}/privkey.pem -out ${dir}/fullchain.pem 2>/dev/null && chgrp chasquid ${dir}/privkey.pem && chmod 0640 ${dir}/privkey.pem && ${RESTART}`),
      () => onServer(sh`cp -a ${aside}/fullchain.pem ${aside}/privkey.pem ${dir}/ && rm -rf ${aside} && ${RESTART}`));
  }
  const LISTENERS = ['smtp', 'submissions', 'submission'];

  test('a certificate for another name fails tls.*.certificate on 25, 465 and 587', async () => {
    const wrong = `wrong.${target.vps.domain}`;
    const doc = await withCertificate(LISTENERS.map((l) => `tls.${l}.certificate`),
      ['-days', '30', '-subj', `/CN=${wrong}`, '-addext', `subjectAltName=DNS:${wrong}`]);
    for (const l of LISTENERS) expect(byId(doc, `tls.${l}.certificate`)).toMatchObject({ fix: expect.stringContaining(`/etc/chasquid/certs/${target.vps.hostname}/`) });
    expect(byId(doc, 'tls.submissions.expiry')).toMatchObject({ status: 'ok' });
  }, 60_000);

  test('an expired certificate fails tls.*.expiry (and the chain) on 25, 465 and 587', async () => {
    const { hostname } = target.vps;
    const doc = await withCertificate(LISTENERS.flatMap((l) => [`tls.${l}.certificate`, `tls.${l}.expiry`]),
      ['-not_before', '20200101000000Z', '-not_after', '20210101000000Z', '-subj', `/CN=${hostname}`, '-addext', `subjectAltName=DNS:${hostname}`]);
    for (const l of LISTENERS) expect(byId(doc, `tls.${l}.expiry`)).toMatchObject({ details: 'expired on 2021-01-01', fix: expect.stringContaining('Renew') });
  }, 60_000);

  test('port 465 closed (its socket moved off 465) fails ports.submissions and service.listening', async () => {
    // chasquid.service Requires= the socket: both stop and start together.
    const dropIn = '/etc/systemd/system/chasquid-submission_tls.socket.d';
    const restart = sh`systemctl daemon-reload && systemctl stop chasquid.service chasquid-submission_tls.socket && systemctl reset-failed chasquid.service && systemctl start chasquid-submission_tls.socket chasquid.service`;
    const doc = await broken([`ports.submissions.${v4}`, `ports.submissions.${v6}`, 'service.listening'],
      () => onServer(sh`mkdir -p ${dropIn} && printf '[Socket]\nListenStream=\nListenStream=127.0.0.1:10465\n' > ${dropIn}/mailsetup-test.conf && ${restart}`),
      () => onServer(sh`rm -rf ${dropIn} && ${restart}`));
    for (const ip of [v4, v6]) expect(byId(doc, `ports.submissions.${ip}`)).toMatchObject({ details: expect.stringMatching(/^closed/) });
    // Debian's chasquid is socket-activated: the fix points at the socket units, not at chasquid.conf's addresses.
    expect(byId(doc, 'service.listening')).toMatchObject({ details: 'nothing listens on 465', fix: expect.stringContaining('chasquid-submission_tls.socket') });
    expect(byId(doc, 'tls.submissions.certificate')).toMatchObject({ status: 'skip' });
    expect(byId(doc, 'ports.submission.' + v4)).toMatchObject({ status: 'ok' });
  }, 60_000);

  test('chasquid stopped (service and sockets) fails service.active, service.listening and every port', async () => {
    const ports = LISTENERS.flatMap((l) => [`ports.${l}.${v4}`, `ports.${l}.${v6}`]);
    const doc = await broken(['service.active', 'service.listening', ...ports],
      () => onServer(sh`systemctl stop chasquid.service ${SOCKETS}`),
      () => onServer(sh`systemctl reset-failed chasquid.service && systemctl start ${SOCKETS} chasquid.service`));
    expect(byId(doc, 'service.active')).toMatchObject({ fix: expect.stringContaining('systemctl start chasquid') });
    for (const l of LISTENERS) expect(byId(doc, `tls.${l}.certificate`)).toMatchObject({ status: 'skip' });
  }, 60_000);

  test("the server's IPv4 address on the lab blocklist fails blocklist.<zone>.<ip>", async () => {
    const id = `blocklist.${target.info.blocklist.zone}.${v4}`;
    const doc = await broken([id],
      () => listOnBlocklist(v4, { instance: INSTANCE }),
      () => delistFromBlocklist(v4, { instance: INSTANCE }));
    expect(byId(doc, id)).toMatchObject({ details: `listed (${target.info.blocklist.listedValue})`, fix: expect.stringContaining('delisting') });
  }, 60_000);

  // DNS that does not answer, through stand-in servers on loopback given as --resolver.
  const DNS_FAMILY = /^(dns|rdns|spf|dkim|dmarc)\./;

  test('DNS answering SERVFAIL every time: each DNS family says could not check (not "not set"), the server checks still pass', async () => {
    const failing = await startFailingDns('servfail');
    let doc: CheckReport;
    try {
      doc = await check(['--resolver', failing.server]);
    } finally {
      await failing.stop();
    }
    const dnsResults = doc.results.filter((r) => DNS_FAMILY.test(r.id));
    expect(dnsResults.map((r) => r.id)).toEqual(expect.arrayContaining(['dns.hostname.a', 'dns.mx', `rdns.ipv4.${v4}`, 'spf.record', `dkim.key.${selector}`, 'dmarc.policy']));
    for (const r of dnsResults) {
      expect(r).toMatchObject({ status: 'fail', details: expect.stringMatching(/^could not check: .*(SERVFAIL|temperror)/), fix: expect.stringContaining('do not add one') });
      expect(r.fix).toContain(failing.server);
    }
    expect(byId(doc, 'dmarc.policy')!.details).toContain(`TXT query for _dmarc.${target.vps.domain} via ${failing.server} failed`);
    expect(byId(doc, 'service.active')).toMatchObject({ status: 'ok' });
  }, 60_000);

  test('DNS answering SERVFAIL once per question: the retry gets the answer and the host passes', async () => {
    const flaky = await startFailingDns('flaky', { host: target.info.dns.server, port: target.info.dns.port });
    let doc: CheckReport;
    try {
      doc = await check(['--resolver', flaky.server]);
    } finally {
      await flaky.stop();
    }
    expect(failing(doc)).toEqual([]);
    expect(byId(doc, 'dmarc.policy')).toMatchObject({ status: 'ok' });
    expect(flaky.asked.get(`_dmarc.${target.vps.domain}/16`)).toBe(2);
  }, 60_000);

  test('an open relay on port 25 (a stand-in that accepts every RCPT) fails relay.unauthenticated.<ip> loudly', async () => {
    const script = '/root/mailsetup-test-open-relay.py';
    const unit = 'mailsetup-test-open-relay';
    await remote.writeFile(script, await readFile(join(root, '__tests__/checks/helpers/open-relay.py')));
    let doc: CheckReport;
    try {
      await onServer(sh`systemctl stop chasquid.service ${SOCKETS} && systemd-run --unit=${unit} python3 ${script} ${target.vps.hostname} && sleep 1`);
      doc = await check();
    } finally {
      await onServer(sh`systemctl stop ${unit} ; rm -f ${script} ; systemctl reset-failed ${unit} chasquid.service ; systemctl start ${SOCKETS} chasquid.service`);
    }
    for (const ip of [v4, v6]) {
      expect(byId(doc, `relay.unauthenticated.${ip}`)).toMatchObject({
        status: 'fail', details: expect.stringMatching(/^OPEN RELAY: .*relay-probe@example\.com/), fix: expect.stringContaining('Stop the mail server'),
      });
    }
    const healed = await check();
    expect(failing(healed)).toEqual([]);
    for (const ip of [v4, v6]) expect(byId(healed, `relay.unauthenticated.${ip}`)).toMatchObject({ status: 'ok', details: expect.stringMatching(/^refused: 5\d\d/) });
  }, 60_000);

  test('a logged-in sender may relay to another domain: relay.authenticated.<user> ok; a wrong password fails it', async () => {
    const user = target.run.answers.senders[0]!;
    const probe = { address: v4, hostname: target.vps.hostname, user, password: target.run.secrets.senderPasswords[user]!, caFile: target.run.caFile };
    expect(await checkAuthenticatedRelay(probe)).toMatchObject({ id: `relay.authenticated.${user}`, status: 'ok' });
    const wrong = await checkAuthenticatedRelay({ ...probe, password: 'not-the-password' });
    expect(wrong).toMatchObject({ status: 'fail', details: expect.stringMatching(/^AUTH answered 5\d\d/), fix: expect.stringContaining('senders passwd') });
  }, 60_000);

  test('chasquid greeting with a name other than the PTR name fails smtp.name.<ip> with the chasquid.conf fix', async () => {
    const aside = '/root/mailsetup-test-chasquid.conf';
    const other = `other.${target.vps.domain}`;
    const doc = await broken([`smtp.name.${v4}`, `smtp.name.${v6}`],
      () => onServer(sh`cp -a ${CHASQUID_CONF} ${aside} && sed -i ${`s/^hostname:.*/hostname: "${other}"/`} ${CHASQUID_CONF} && ${RESTART}`),
      () => onServer(sh`cp -a ${aside} ${CHASQUID_CONF} && rm -f ${aside} && ${RESTART}`));
    expect(byId(doc, `smtp.name.${v4}`)).toMatchObject({
      details: `PTR of ${v4} is ${target.vps.hostname}, but the greeting says ${other} and the EHLO says ${other}`,
      fix: `Set hostname: "${target.vps.hostname}" in ${CHASQUID_CONF}, then systemctl restart chasquid.`,
    });
  }, 60_000);

  // The host name's own SPF (the HELO identity), published by the DNS step beside the apex's.
  test('the host name SPF missing warns spf.helo.record with the exact record; one without the IPv6 address fails spf.helo.authorizes-ipv6', async () => {
    const { hostname, domain } = target.vps;
    const saved = await txtAt(hostname);
    expect(saved).toEqual([`"v=spf1 ip4:${v4} ip6:${v6} -all"`]);
    await nsupdate(domain, [`update delete ${hostname}. TXT`]);
    let missing: CheckReport;
    try {
      missing = await check();
    } finally {
      await replaceTxt(domain, hostname, saved);
    }
    expect(failing(missing)).toEqual([]);
    expect(byId(missing, 'spf.helo.record')).toMatchObject({ status: 'warn', fix: `Add ${hostname}. TXT "v=spf1 ip4:${v4} ip6:${v6} -all".` });
    const doc = await broken([`spf.helo.authorizes-ipv6.${v6}`],
      () => replaceTxt(domain, hostname, [quoteTxt(`v=spf1 ip4:${v4} -all`)]),
      () => replaceTxt(domain, hostname, saved));
    expect(byId(doc, `spf.helo.authorizes-ipv6.${v6}`)).toMatchObject({ fix: `Add ip6:${v6} to the SPF record of ${hostname} (before its "all").` });
  }, 60_000);

  test('DMARC reports to another domain without its authorization warn dmarc.report-auth with the exact record; sp=none warns dmarc.subdomains', async () => {
    const { domain } = target.vps;
    const other = 'inbox.test'; // a lab zone that is not the mail domain
    const dmarc = `_dmarc.${domain}`;
    const auth = `${domain}._report._dmarc.${other}`;
    const saved = await txtAt(dmarc);
    expect(saved.length).toBe(1);
    const withReports = async (value: string, authorized: boolean) => {
      await replaceTxt(domain, dmarc, [quoteTxt(value)]);
      if (authorized) await nsupdate(other, [`update add ${auth}. 300 TXT "v=DMARC1"`]);
      try {
        return await check();
      } finally {
        await replaceTxt(domain, dmarc, saved);
        if (authorized) await nsupdate(other, [`update delete ${auth}. TXT`]);
      }
    };
    const unauthorized = await withReports(`v=DMARC1; p=quarantine; sp=none; rua=mailto:dmarc@${other}`, false);
    expect(failing(unauthorized)).toEqual([]);
    expect(byId(unauthorized, `dmarc.report-auth.${other}`)).toMatchObject({ status: 'warn', fix: `Add ${auth}. TXT "v=DMARC1" in the DNS of ${other}, or send the reports to an address @${domain}.` });
    expect(byId(unauthorized, 'dmarc.subdomains')).toMatchObject({ status: 'warn', details: expect.stringMatching(/^sp=none/) });
    expect(byId(unauthorized, 'dmarc.policy')).toMatchObject({ status: 'ok', details: expect.stringContaining('sp=none') });
    const authorized = await withReports(`v=DMARC1; p=quarantine; pct=50; rua=mailto:dmarc@${other}`, true);
    expect(byId(authorized, `dmarc.report-auth.${other}`)).toMatchObject({ status: 'ok' });
    expect(byId(authorized, 'dmarc.subdomains')).toMatchObject({ status: 'ok', details: 'no sp=, so p=quarantine, pct=50' });
    expect(byId(authorized, 'dmarc.policy')).toMatchObject({ status: 'warn', details: expect.stringContaining('pct=50') });
  }, 60_000);

  // The lab's CA file holds Pebble's root and its intermediate: the check must trust only the root,
  // as a receiver does, so a server that leaves out its intermediate fails.
  test('a certificate served without its intermediate fails tls.*.certificate (the CA file\'s intermediate is not trusted as a root)', async () => {
    const dir = `/etc/chasquid/certs/${target.vps.hostname}`;
    const aside = '/root/mailsetup-test-fullchain.pem';
    const leafOnly = sh`openssl x509 -in ${aside} -out ${dir}/fullchain.pem`;
    const doc = await broken(LISTENERS.map((l) => `tls.${l}.certificate`),
      () => onServer(sh`cp -a ${dir}/fullchain.pem ${aside} && ${leafOnly} && ${RESTART}`),
      () => onServer(sh`cp -a ${aside} ${dir}/fullchain.pem && rm -f ${aside} && ${RESTART}`));
    for (const l of LISTENERS) {
      expect(byId(doc, `tls.${l}.certificate`)).toMatchObject({
        details: expect.stringContaining('does not send the intermediate'), fix: expect.stringContaining('fullchain.pem'),
      });
    }
  }, 60_000);

  // Pebble has no CAA name, so the CA is named here as a host renewing with Let's Encrypt would have it.
  test('CAA: none warns with the exact record; one naming only another CA fails dns.caa; one naming the CA in use passes', async () => {
    const { domain, hostname } = target.vps;
    const caa = async () => (await runChecks({
      domain, hostname, resolver: `${target.info.dns.server}:${target.info.dns.port}`, caaIdentity: 'letsencrypt.org', ips: { v4: [v4], v6: [v6] },
    }, { only: ['caa'] }))[0]!;
    expect(await caa()).toMatchObject({ id: 'dns.caa', status: 'warn', fix: expect.stringContaining(`Add ${domain}. CAA 0 issue "letsencrypt.org"`) });
    try {
      await nsupdate(domain, [`update add ${domain}. 300 CAA 0 issue "pki.goog"`]);
      expect(await caa()).toMatchObject({
        status: 'fail', details: `CAA at ${domain} allows pki.goog, not letsencrypt.org: the next certificate renewal will be refused`,
        fix: expect.stringContaining(`Add ${domain}. CAA 0 issue "letsencrypt.org" beside`),
      });
      await nsupdate(domain, [`update add ${domain}. 300 CAA 0 issue "letsencrypt.org"`]);
      expect(await caa()).toMatchObject({ status: 'ok', details: `CAA at ${domain} allows letsencrypt.org, pki.goog` });
    } finally {
      await nsupdate(domain, [`update delete ${domain}. CAA`]);
    }
  }, 60_000);
});
