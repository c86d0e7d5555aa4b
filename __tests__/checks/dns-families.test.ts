// DNS check families against a real bind9 on loopback: each passes on a
// domain set up right and fails (or warns) with its fix on one set up wrong.
import { checkBlocklists } from '../../src/checks/blocklist.js';
import { checkDmarc } from '../../src/checks/dmarc.js';
import { checkHostnameDns } from '../../src/checks/hostname-dns.js';
import { checkMx } from '../../src/checks/mx.js';
import { checkRdns } from '../../src/checks/rdns.js';
import { checkSpf } from '../../src/checks/spf.js';
import type { CheckResult } from '../../src/checks/types.js';
import { BAD, GOOD, LISTED_IP, REFUSED_IP, startDnsFixture, type DnsFixture } from './helpers/dns-fixture.js';
import { testContext } from './helpers/context.js';

let dns: DnsFixture;
beforeAll(async () => { dns = await startDnsFixture(); }, 60_000);
afterAll(async () => { await dns?.stop(); });

const good = () => testContext(dns.server, GOOD);
const bad = () => testContext(dns.server, BAD);
const byId = (results: CheckResult[], prefix: string) => results.find((r) => r.id.startsWith(prefix))!;
const expectFixOnProblems = (results: CheckResult[]) => {
  for (const r of results) if (r.status === 'warn' || r.status === 'fail') expect(r.fix).toBeTruthy();
};

describe('hostname A/AAAA', () => {
  test('ok when both point at the server', async () => {
    const res = await checkHostnameDns(good());
    expect(res.map((r) => r.status)).toEqual(['ok', 'ok']);
  });
  test('fails when A points elsewhere and AAAA is missing', async () => {
    const res = await checkHostnameDns(bad());
    expect(byId(res, 'dns.hostname.a')).toMatchObject({ status: 'fail', fix: expect.stringContaining(BAD.v4) });
    expect(byId(res, 'dns.hostname.aaaa')).toMatchObject({ status: 'fail', fix: expect.stringContaining(`AAAA ${BAD.v6}`) });
  });
  test('an AAAA record on a server without IPv6 warns', async () => {
    const res = await checkHostnameDns(testContext(dns.server, { ...GOOD, v6: undefined }));
    expect(byId(res, 'dns.hostname.aaaa').status).toBe('warn'); // AAAA published, but the server has no IPv6
  });
});

describe('reverse DNS (FCrDNS)', () => {
  test('ok for IPv4 and IPv6 when PTR names the host and it resolves back', async () => {
    const res = await checkRdns(good());
    expect(res).toHaveLength(2);
    expect(res.every((r) => r.status === 'ok')).toBe(true);
  });
  test('fails on a provider default PTR and on a PTR that does not resolve back', async () => {
    const res = await checkRdns(bad());
    expect(byId(res, 'rdns.ipv4')).toMatchObject({ status: 'fail', details: expect.stringContaining('vmi020.provider.test') });
    expect(byId(res, 'rdns.ipv4').fix).toMatch(/reverse DNS.*control panel/);
    expect(byId(res, 'rdns.ipv6')).toMatchObject({ status: 'fail', fix: expect.stringContaining(`AAAA ${BAD.v6}`) });
  });
  test('fails when there is no PTR at all', async () => {
    const res = await checkRdns(testContext(dns.server, { ...GOOD, v4: '192.0.2.77', v6: undefined }));
    expect(res[0]).toMatchObject({ status: 'fail', details: expect.stringContaining('no PTR') });
  });
});

describe('MX', () => {
  test('ok when MX is the host', async () => {
    expect((await checkMx(good()))[0]!.status).toBe('ok');
  });
  test('warns when another host receives, fails when there is no MX', async () => {
    expect((await checkMx(bad()))[0]).toMatchObject({ status: 'warn', details: expect.stringContaining('mx.elsewhere.test') });
    const none = await checkMx(testContext(dns.server, { domain: 'many.test', hostname: 'smtp.many.test' }));
    expect(none[0]).toMatchObject({ status: 'fail', fix: expect.stringContaining('MX 10 smtp.many.test') });
  });
});

describe('SPF (evaluated by mailauth)', () => {
  test('passes IPv4 and IPv6 through mx + include, within the lookup limit', async () => {
    const res = await checkSpf(good());
    expect(res.map((r) => [r.id.replace(/\..*$/, ''), r.status])).toEqual([
      ['spf', 'ok'], ['spf', 'ok'], ['spf', 'ok'], ['spf', 'ok'],
    ]);
    expect(byId(res, 'spf.lookups').details).toMatch(/^2 of 10/);
  });
  test('the IPv6 address not covered fails with the ip6: term to add; ~all is not a pass', async () => {
    const res = await checkSpf(bad());
    expect(byId(res, 'spf.authorizes-ipv4')).toMatchObject({ status: 'ok' });
    expect(byId(res, 'spf.authorizes-ipv6')).toMatchObject({
      status: 'fail', details: expect.stringContaining('softfail'), fix: expect.stringContaining(`ip6:${BAD.v6}`),
    });
  });
  test('two SPF records fail', async () => {
    const res = await checkSpf(testContext(dns.server, { domain: 'two.test', hostname: 'smtp.two.test', v4: GOOD.v4 }));
    expect(res).toEqual([expect.objectContaining({ id: 'spf.record', status: 'fail', fix: expect.stringContaining('Merge') })]);
  });
  test('more than 10 lookups fail, and the evaluator agrees (permerror)', async () => {
    const res = await checkSpf(testContext(dns.server, { domain: 'many.test', hostname: 'smtp.many.test', v4: GOOD.v4 }));
    expect(byId(res, 'spf.lookups')).toMatchObject({ status: 'fail', details: expect.stringMatching(/^22 DNS lookups/) });
    expect(byId(res, 'spf.authorizes-ipv4')).toMatchObject({ status: 'fail', details: expect.stringContaining('permerror') });
  });
  test('no SPF record fails with a record to add', async () => {
    const res = await checkSpf(testContext(dns.server, { domain: 'ip.bl.test', hostname: 'smtp.x.test', v4: GOOD.v4 }));
    expect(res[0]).toMatchObject({ status: 'fail', fix: expect.stringContaining(`v=spf1 ip4:${GOOD.v4}`) });
  });
});

describe('DMARC', () => {
  test('reports the policy', async () => {
    expect((await checkDmarc(good()))[0]).toMatchObject({ status: 'ok', details: expect.stringContaining('p=quarantine') });
  });
  test('p=none warns, a broken record fails, a missing one fails', async () => {
    expect((await checkDmarc(bad()))[0]).toMatchObject({ status: 'warn', fix: expect.stringContaining('p=quarantine') });
    expect((await checkDmarc(testContext(dns.server, { domain: 'two.test', hostname: 'x.two.test' })))[0])
      .toMatchObject({ status: 'fail', details: expect.stringContaining('p=maybe') });
    expect((await checkDmarc(testContext(dns.server, { domain: 'many.test', hostname: 'x.many.test' })))[0])
      .toMatchObject({ status: 'fail', fix: expect.stringContaining('_dmarc.many.test') });
  });
});

describe('blocklists', () => {
  const lists = [{ zone: 'ip.bl.test', kind: 'ip' as const }, { zone: 'dom.bl.test', kind: 'domain' as const }];
  test('not listed: ok for IPv4, IPv6 and the domain', async () => {
    const res = await checkBlocklists(testContext(dns.server, GOOD, { blocklists: lists }));
    expect(res).toHaveLength(3);
    expect(res.every((r) => r.status === 'ok')).toBe(true);
  });
  test('a listed IP and a listed domain fail', async () => {
    const res = await checkBlocklists(testContext(dns.server, { ...BAD, v4: LISTED_IP, v6: undefined }, { blocklists: lists }));
    expect(byId(res, 'blocklist.ip.bl.test')).toMatchObject({ status: 'fail', details: 'listed (127.0.0.2)' });
    expect(byId(res, 'blocklist.dom.bl.test')).toMatchObject({ status: 'fail', details: 'listed (127.0.1.2)' });
    expectFixOnProblems(res);
  });
  test('a refused query (127.255.255.x) is a warning, not a pass', async () => {
    const res = await checkBlocklists(testContext(dns.server, { ...GOOD, v4: REFUSED_IP, v6: undefined }, { blocklists: [lists[0]!] }));
    expect(res[0]).toMatchObject({ status: 'warn', fix: expect.stringContaining('--resolver') });
  });
});
