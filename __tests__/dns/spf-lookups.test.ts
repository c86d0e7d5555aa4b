import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createResolver } from '../../src/dns/resolve.js';
import { countSpfLookups, formatLookupChain } from '../../src/dns/spf/lookups.js';
import { mergeSpf } from '../../src/dns/spf/merge.js';
import { startNamed, type RunningNamed } from './named.js';

// A tree of includes served by a real bind9: ok.test spends 6 lookups over
// three levels, big.test 12 (over the limit), loop.test includes itself.
const ZONE = [
  'ok IN TXT "v=spf1 a mx include:_spf.ok.test ~all"',
  '_spf.ok IN TXT "v=spf1 include:_n1.ok.test include:_n2.ok.test -all"',
  '_n1.ok IN TXT "v=spf1 ip4:198.51.100.0/24 -all"',
  '_n2.ok IN TXT "v=spf1 ip6:2001:db8::/32 -all"',
  'big IN TXT "v=spf1 include:_a.big.test include:_b.big.test include:_c.big.test ~all"',
  '_a.big IN TXT "v=spf1 a mx ptr exists:%{i}.x.test -all"',
  '_b.big IN TXT "v=spf1 a:one.test a:two.test mx:three.test -all"',
  '_c.big IN TXT "v=spf1 include:_d.big.test -all"',
  '_d.big IN TXT "v=spf1 a -all"',
  'redir IN TXT "v=spf1 ip4:192.0.2.1 redirect=_spf.ok.test"',
  'loop IN TXT "v=spf1 include:loop.test ~all"',
  'broken IN TXT "v=spf1 include:nothing.test ~all"',
].join('\n');

describe('SPF DNS-lookup count over nested includes (real bind9)', () => {
  let named: RunningNamed;
  beforeAll(async () => {
    named = await startNamed({ test: ZONE });
  });
  afterAll(async () => named?.stop());

  it('counts a, mx and nested includes within the limit', async () => {
    const report = await countSpfLookups('ok.test', createResolver({ server: named.server }));
    expect(report.count).toBe(5);
    expect(report.ok).toBe(true);
    expect(report.problems).toEqual([]);
    expect(report.chain.map((s) => `${s.depth} ${s.domain} ${s.term}`)).toEqual([
      '0 ok.test a',
      '0 ok.test mx',
      '0 ok.test include:_spf.ok.test',
      '1 _spf.ok.test include:_n1.ok.test',
      '1 _spf.ok.test include:_n2.ok.test',
    ]);
  });

  it('reports more than 10 lookups, with the chain that spends them', async () => {
    const report = await countSpfLookups('big.test', createResolver({ server: named.server }));
    // 3 includes + (a mx ptr exists) + (a a mx) + include + a = 12
    expect(report.count).toBe(12);
    expect(report.ok).toBe(false);
    const lines = formatLookupChain(report);
    expect(lines).toHaveLength(12);
    expect(lines[10]).toMatch(/11\. .*_c\.big\.test: include:_d\.big\.test <- over the limit/);
    expect(lines[11]).toMatch(/12\. {5}_d\.big\.test: a <- over the limit/);
  });

  it('counts redirect= and follows it', async () => {
    const report = await countSpfLookups('redir.test', createResolver({ server: named.server }));
    expect(report.count).toBe(3); // redirect + the two includes of _spf.ok.test
    expect(report.chain[0]!.term).toBe('redirect=_spf.ok.test');
  });

  it('counts a merged record before it is published', async () => {
    const resolver = createResolver({ server: named.server });
    const merged = mergeSpf(await resolver.txt('ok.test'), { ipv4: ['192.0.2.10'], ipv6: ['2001:db8::10'] });
    const report = await countSpfLookups('ok.test', resolver, { record: merged.record });
    expect(report.count).toBe(5); // ip4:/ip6: cost no lookup
  });

  it('reports include loops and includes without SPF', async () => {
    const resolver = createResolver({ server: named.server });
    expect((await countSpfLookups('loop.test', resolver)).problems).toEqual(['loop.test: include loop back to loop.test']);
    expect((await countSpfLookups('broken.test', resolver)).problems[0]).toMatch(/nothing.test has no SPF record/);
  });
});
