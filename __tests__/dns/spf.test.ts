import { describe, expect, it } from '@jest/globals';
import { mergeSpf } from '../../src/dns/spf/merge.js';
import { parseSpf, spfWarnings } from '../../src/dns/spf/parse.js';

const server = { ipv4: ['203.0.113.5'], ipv6: ['2001:DB8:0:0::5'] };

describe('SPF merge', () => {
  it('creates a record when there is none', () => {
    const m = mergeSpf(['google-site-verification=x'], server);
    expect(m.record).toBe('v=spf1 ip4:203.0.113.5 ip6:2001:db8::5 ~all');
    expect(m.added).toEqual(['ip4:203.0.113.5', 'ip6:2001:db8::5']);
  });

  it("keeps an existing record's mechanisms (the guide's Gmail include) and adds the server before all", () => {
    const m = mergeSpf(['v=spf1 a mx include:_spf.wac.tax include:_spf.google.com ~all'], server);
    expect(m.record).toBe('v=spf1 a mx include:_spf.wac.tax include:_spf.google.com ip4:203.0.113.5 ip6:2001:db8::5 ~all');
  });

  it('authorizes by hostname when asked', () => {
    const m = mergeSpf(['v=spf1 include:_spf.google.com -all'], { hostnames: ['SMTP.wac.tax.'] });
    expect(m.record).toBe('v=spf1 include:_spf.google.com a:smtp.wac.tax -all');
  });

  it('is idempotent: an already-authorized server adds nothing', () => {
    const once = mergeSpf(['v=spf1 include:_spf.google.com ~all'], server).record;
    const twice = mergeSpf([once], server);
    expect(twice.record).toBe(once);
    expect(twice.added).toEqual([]);
    // Equivalent spellings count as present.
    expect(mergeSpf(['v=spf1 ip4:203.0.113.5/32 ip6:2001:db8:0::5/128 -all'], server).added).toEqual([]);
  });

  it('keeps redirect= last and puts the server before it', () => {
    const m = mergeSpf(['v=spf1 redirect=_spf.example.com'], server);
    expect(m.record).toBe('v=spf1 ip4:203.0.113.5 ip6:2001:db8::5 redirect=_spf.example.com');
    expect(m.notes.join('\n')).toMatch(/redirect/);
  });

  it('folds two v=spf1 records into one and flags it', () => {
    const m = mergeSpf(['v=spf1 include:_spf.google.com ~all', 'v=spf1 include:mailgun.org mx -all'], server);
    expect(m.record).toBe('v=spf1 include:_spf.google.com include:mailgun.org mx ip4:203.0.113.5 ip6:2001:db8::5 ~all');
    expect(m.warnings.join('\n')).toMatch(/2 SPF records/);
  });

  it('keeps exp= and flags +all, ?all and ptr', () => {
    expect(mergeSpf(['v=spf1 ptr +all exp=explain.example.com'], server).record).toBe(
      'v=spf1 ptr ip4:203.0.113.5 ip6:2001:db8::5 +all exp=explain.example.com');
    const w = mergeSpf(['v=spf1 ptr +all'], server).warnings.join('\n');
    expect(w).toMatch(/\+all/);
    expect(w).toMatch(/ptr/);
    expect(spfWarnings('v=spf1 ?all').join('\n')).toMatch(/\?all/);
  });
});

describe('SPF parse', () => {
  it('keeps qualifiers and values', () => {
    const { terms, problems } = parseSpf('v=spf1 -ip4:192.0.2.0/24 a/24 ~all redirect=x.test');
    expect(problems).toEqual([]);
    expect(terms.map((t) => (t.kind === 'mechanism' ? `${t.qualifier}${t.name}=${t.value ?? ''}` : `${t.name}=${t.value}`))).toEqual([
      '-ip4=192.0.2.0/24', '+a=/24', '~all=', 'redirect=x.test',
    ]);
    expect(parseSpf('v=spf1 bogus:x').problems).toEqual(['unknown term "bogus:x"']);
  });
});
