// A DNS server that does not answer is not a missing record. Every DNS check
// family is asked through a stand-in server that answers SERVFAIL (or says
// nothing): each must say "could not check", name the question that failed,
// and never advise adding or setting a record. Through a server that fails
// each question once and then forwards to the real bind9, the retry gets
// past the failure and the good domain passes.
import { checkCaa } from '../../src/checks/caa.js';
import { checkDkim } from '../../src/checks/dkim.js';
import { checkDmarc } from '../../src/checks/dmarc.js';
import { checkHostnameDns } from '../../src/checks/hostname-dns.js';
import { checkMx } from '../../src/checks/mx.js';
import { checkRdns } from '../../src/checks/rdns.js';
import { checkSpf } from '../../src/checks/spf.js';
import type { CheckResult } from '../../src/checks/types.js';
import { createResolver } from '../../src/dns/resolve.js';
import { startFailingDns, type FailingDns } from '../helpers/failing-dns.js';
import { GOOD, SELECTOR, startDnsFixture, type DnsFixture } from './helpers/dns-fixture.js';
import { testContext } from './helpers/context.js';

let fixture: DnsFixture;
let servfail: FailingDns;
let silent: FailingDns;
let flaky: FailingDns;
beforeAll(async () => {
  fixture = await startDnsFixture();
  const [host, port] = fixture.server.split(':');
  [servfail, silent, flaky] = await Promise.all([
    startFailingDns('servfail'), startFailingDns('silent'), startFailingDns('flaky', { host: host!, port: Number(port) }),
  ]);
}, 60_000);
afterAll(async () => {
  await Promise.all([fixture?.stop(), servfail?.stop(), silent?.stop(), flaky?.stop()]);
});

// Every DNS family, as --check runs them; DKIM without SSH checks the record of the given selector.
const allDnsFamilies = async (server: string, timeoutMs = 2000): Promise<CheckResult[]> => {
  const ctx = testContext(server, GOOD, { dkimSelector: SELECTOR, dns: createResolver({ server, timeoutMs, tries: 2 }) });
  return (await Promise.all([checkHostnameDns(ctx), checkMx(ctx), checkRdns(ctx), checkSpf(ctx), checkDkim(ctx), checkDmarc(ctx), checkCaa(ctx)])).flat();
};

const NOT_SET_ADVICE = /\b(Add|Publish|Set the|Merge|Delete|Remove)\b/;

function expectCouldNotCheck(results: CheckResult[], why: RegExp) {
  const ids = results.map((r) => r.id);
  // One result per family at least: hostname A/AAAA, MX, both PTRs, SPF (record), DKIM, DMARC, CAA.
  for (const prefix of ['dns.hostname.a', 'dns.hostname.aaaa', 'dns.mx', 'rdns.ipv4', 'rdns.ipv6', 'spf.record', `dkim.key.${SELECTOR}`, 'dmarc.policy', 'dns.caa']) {
    expect(ids.some((id) => id.startsWith(prefix))).toBe(true);
  }
  for (const r of results) {
    expect(r).toMatchObject({ status: 'fail', details: expect.stringMatching(/^could not check: /) });
    expect(r.details).toMatch(why);
    expect(r.fix).toMatch(/do not add one/);
    expect(r.fix!.replace(/\(do not add one[^)]*\)/, '')).not.toMatch(NOT_SET_ADVICE);
  }
}

test('a persistent SERVFAIL: every DNS family says could not check, with the query that failed, asked twice', async () => {
  const results = await allDnsFamilies(servfail.server);
  expectCouldNotCheck(results, /SERVFAIL.*\(asked 2 times\)|temperror/);
  expect(results.find((r) => r.id === 'dmarc.policy')!.details).toContain(`TXT query for _dmarc.${GOOD.domain} via ${servfail.server}`);
  expect(servfail.asked.get(`_dmarc.${GOOD.domain}/16`)).toBe(2);
}, 30_000);

test('a server that never answers (timeout): could not check, not a missing record', async () => {
  expectCouldNotCheck(await allDnsFamilies(silent.server, 300), /timeout|temperror/);
}, 30_000);

test('a SERVFAIL that happens once is retried: the good domain passes', async () => {
  const results = await allDnsFamilies(flaky.server);
  expect(results.filter((r) => r.status !== 'ok').map((r) => [r.id, r.details])).toEqual([]);
  expect(flaky.asked.get(`_dmarc.${GOOD.domain}/16`)).toBe(2);
}, 30_000);
