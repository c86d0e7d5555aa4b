// TLS and port checks against real listeners on loopback: a Node SMTP
// responder with openssl-made certificates (valid, expired, about to expire,
// wrong name, old protocols), a closed port, and a port whose packets an
// nftables rule drops (see helpers/ports.ts for why that is the honest
// "blocked on the way").
import { checkPorts } from '../../src/checks/ports.js';
import { checkTls } from '../../src/checks/tls.js';
import type { CheckResult } from '../../src/checks/types.js';
import { daysFromNow, makePki, type TestPki } from './helpers/certs.js';
import { testContext } from './helpers/context.js';
import { blackholePort, canUseNft, freePort } from './helpers/ports.js';
import { startResponder, type Responder, type ResponderOptions } from './helpers/smtp-responder.js';

const HOST = 'smtp.good.test';
let pki: TestPki;
const running: Responder[] = [];

beforeAll(() => { pki = makePki(); });
afterAll(async () => {
  await Promise.all(running.map((r) => r.close()));
  pki?.cleanup();
});

/** Three listeners (25/465/587 roles) with the same certificate, as chasquid has. */
async function listeners(leaf: ResponderOptions['leaf'], extra: Partial<ResponderOptions> = {}) {
  const [smtp, submissions, submission] = await Promise.all([
    startResponder({ leaf, mode: 'starttls', ...extra }),
    startResponder({ leaf, mode: 'implicit', ...extra }),
    startResponder({ leaf, mode: 'starttls', ...extra }),
  ]);
  running.push(smtp, submissions, submission);
  return { smtp: smtp.port, submissions: submissions.port, submission: submission.port };
}

const tlsContext = (ports: { smtp: number; submissions: number; submission: number }, caFile?: string) =>
  testContext('127.0.0.1:1', { domain: 'good.test', hostname: HOST }, { ports, connectHost: '127.0.0.1', caFile, timeoutMs: 3000 });

const statuses = (res: CheckResult[], what: string) => res.filter((r) => r.id.endsWith(what)).map((r) => r.status);

describe('TLS on 465 and STARTTLS on 25/587', () => {
  test('a valid certificate from a trusted CA passes everywhere', async () => {
    const ports = await listeners(pki.leaf(HOST, daysFromNow(-1), daysFromNow(60)));
    const res = await checkTls(tlsContext(ports, pki.caFile));
    expect(res).toHaveLength(9);
    expect(res.every((r) => r.status === 'ok')).toBe(true);
    expect(res.find((r) => r.id === 'tls.submissions.expiry')!.details).toMatch(/^(59|60) days left/);
  });
  test('without the extra CA file the same chain is not trusted', async () => {
    const ports = await listeners(pki.leaf(HOST, daysFromNow(-1), daysFromNow(60)));
    const res = await checkTls(tlsContext(ports));
    expect(statuses(res, '.certificate')).toEqual(['fail', 'fail', 'fail']);
    expect(res[0]!.fix).toMatch(/fullchain/);
  });
  test('an expired certificate fails', async () => {
    const ports = await listeners(pki.leaf(HOST, daysFromNow(-90), daysFromNow(-1)));
    const res = await checkTls(tlsContext(ports, pki.caFile));
    expect(statuses(res, '.expiry')).toEqual(['fail', 'fail', 'fail']);
    expect(res.find((r) => r.id === 'tls.smtp.expiry')).toMatchObject({ details: expect.stringMatching(/^expired on/), fix: expect.stringContaining('Renew') });
    expect(statuses(res, '.certificate')).toEqual(['fail', 'fail', 'fail']); // the chain check says "expired" too
  });
  test('a certificate expiring within 14 days warns', async () => {
    const ports = await listeners(pki.leaf(HOST, daysFromNow(-80), daysFromNow(5)));
    const res = await checkTls(tlsContext(ports, pki.caFile));
    expect(statuses(res, '.expiry')).toEqual(['warn', 'warn', 'warn']);
    expect(statuses(res, '.certificate')).toEqual(['ok', 'ok', 'ok']);
  });
  test('a certificate for another name fails', async () => {
    const ports = await listeners(pki.leaf('mail.other.test', daysFromNow(-1), daysFromNow(60)));
    const res = await checkTls(tlsContext(ports, pki.caFile));
    expect(statuses(res, '.certificate')).toEqual(['fail', 'fail', 'fail']);
    expect(res[0]!.details).toMatch(/not valid for smtp\.good\.test/);
  });
  test('a server that still accepts TLS 1.0/1.1 warns', async () => {
    const ports = await listeners(pki.leaf(HOST, daysFromNow(-1), daysFromNow(60)), { weak: true });
    const res = await checkTls(tlsContext(ports, pki.caFile));
    expect(statuses(res, '.protocols')).toEqual(['warn', 'warn', 'warn']);
    expect(res.find((r) => r.id === 'tls.submissions.protocols')!.details).toMatch(/TLSv1(\.1)?/);
  });
  test('no STARTTLS offered fails; a closed port is left to the Ports check', async () => {
    const leaf = pki.leaf(HOST, daysFromNow(-1), daysFromNow(60));
    const plain = await startResponder({ leaf, mode: 'starttls', noStartTls: true });
    running.push(plain);
    const closed = await freePort();
    const res = await checkTls(tlsContext({ smtp: plain.port, submissions: closed, submission: closed }, pki.caFile));
    expect(res.find((r) => r.id === 'tls.smtp.certificate')).toMatchObject({ status: 'fail', details: expect.stringContaining('does not offer STARTTLS') });
    expect(res.find((r) => r.id === 'tls.submissions.certificate')).toMatchObject({ status: 'skip', details: expect.stringContaining('ECONNREFUSED') });
  });
});

describe('TLS without a known address', () => {
  // "localhost" resolves through the system resolver (/etc/hosts) to the
  // listeners; DNS as --resolver answers it (here: nobody at 127.0.0.1:1)
  // has no address for it. The check must not fall back to the system's
  // resolver: it would test another machine than the one DNS names.
  test('is skipped with the reason instead of asking the system resolver', async () => {
    const ports = await listeners(pki.leaf('localhost', daysFromNow(-1), daysFromNow(60)));
    const ctx = testContext('127.0.0.1:1', { domain: 'good.test', hostname: 'localhost' }, { ports, caFile: pki.caFile, timeoutMs: 3000 });
    const res = await checkTls(ctx);
    expect(res.map((r) => r.status)).toEqual(['skip', 'skip', 'skip']);
    expect(res[0]!.details).toMatch(/no address of localhost is known/);
  });
});

describe('ports reachable from here', () => {
  test('open ports pass', async () => {
    const ports = await listeners(pki.leaf(HOST, daysFromNow(-1), daysFromNow(60)));
    const res = await checkPorts({ ...tlsContext(ports), timeoutMs: 2000 });
    expect(res.map((r) => r.status)).toEqual(['ok', 'ok', 'ok']);
  });
  test('closed (reset) is told apart from blocked on the way (silence)', async () => {
    if (!canUseNft()) throw new Error('these tests need root and nftables to drop packets on loopback');
    const hole = await blackholePort();
    try {
      const closed = await freePort();
      const ports = await listeners(pki.leaf(HOST, daysFromNow(-1), daysFromNow(60)));
      const res = await checkPorts({ ...tlsContext({ ...ports, submissions: closed, smtp: hole.port }), timeoutMs: 1500 });
      const smtp = res.find((r) => r.id.startsWith('ports.smtp'))!;
      const submissions = res.find((r) => r.id.startsWith('ports.submissions'))!;
      expect(submissions).toMatchObject({ status: 'fail', details: expect.stringMatching(/^closed/), fix: expect.stringContaining('Start chasquid') });
      expect(smtp).toMatchObject({ status: 'fail', details: expect.stringMatching(/^blocked on the way/), fix: expect.stringContaining('firewall') });
      expect(res.find((r) => r.id.startsWith('ports.submission.'))!.status).toBe('ok');
    } finally {
      hole.remove();
    }
  });
});
