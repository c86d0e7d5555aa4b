// Which DNS server answers which question, and which addresses are "the
// server's": both decide what every other check looks at.
import { execFileSync } from 'node:child_process';
import { isUnder, routeResolver } from '../../src/checks/dns-route.js';
import { parseIpAddr } from '../../src/checks/server-ips.js';
import { createResolver } from '../../src/dns/resolve.js';
import { GOOD, startDnsFixture, type DnsFixture } from './helpers/dns-fixture.js';

let dns: DnsFixture;
beforeAll(async () => { dns = await startDnsFixture(); }, 60_000);
afterAll(async () => { await dns?.stop(); });

test('names in the domain go to its own servers; PTR and other domains to the recursive resolver', async () => {
  const own = createResolver({ server: dns.server, timeoutMs: 1000, tries: 1 });
  // A "recursive" resolver that is nobody: a port where nothing answers DNS.
  const nobody = createResolver({ server: '127.0.0.1:9', timeoutMs: 300, tries: 1 });
  const routed = routeResolver('good.test', own, nobody);
  expect(await routed.a('smtp.good.test')).toEqual([GOOD.v4]);
  await expect(routed.a('smtp.bad.test')).rejects.toThrow(/127\.0\.0\.1:9/);
  // PTR never goes to the domain's servers, even with a dead "own" server.
  expect(await routeResolver('good.test', nobody, own).ptr(GOOD.v4)).toEqual(['smtp.good.test']);
  expect(isUnder('GOOD.test.', 'good.test')).toBe(true);
  expect(isUnder('notgood.test', 'good.test')).toBe(false);
});

test('server addresses: global ones of real interfaces, not container bridges or temporary IPv6', () => {
  const sample = [
    '2: eth0    inet 203.0.113.7/24 brd 203.0.113.255 scope global eth0\\       valid_lft forever preferred_lft forever',
    '2: eth0    inet6 2001:db8:0:0::7/64 scope global \\       valid_lft forever preferred_lft forever',
    '2: eth0    inet6 2001:db8::abcd/64 scope global temporary dynamic \\       valid_lft 86000sec preferred_lft 14000sec',
    '3: docker0    inet 172.17.0.1/16 brd 172.17.255.255 scope global docker0\\       valid_lft forever preferred_lft forever',
    '4: host0@if5    inet 10.77.0.12/24 brd 10.77.0.255 scope global host0\\       valid_lft forever preferred_lft forever',
  ].join('\n');
  expect(parseIpAddr(sample)).toEqual({ v4: ['203.0.113.7', '10.77.0.12'], v6: ['2001:db8::7'] });
  // And what this machine's own `ip` prints parses without error.
  const here = parseIpAddr(execFileSync('ip', ['-o', 'addr', 'show', 'scope', 'global'], { encoding: 'utf8' }));
  expect(Array.isArray(here.v4)).toBe(true);
});
