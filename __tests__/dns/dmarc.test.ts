import { describe, expect, it } from '@jest/globals';
import { buildDmarcValue, dmarcRecords, externalReportDomains } from '../../src/dns/dmarc/build.js';
import { parseDmarc } from '../../src/dns/dmarc/parse.js';

describe('DMARC build', () => {
  it("builds the guide's record (RFC order: v, p first)", () => {
    expect(buildDmarcValue({ p: 'quarantine', fo: ['1'], ruf: ['ruf@wac.tax'], rua: ['rua@wac.tax'] }))
      .toBe('v=DMARC1; p=quarantine; fo=1; rua=mailto:rua@wac.tax; ruf=mailto:ruf@wac.tax');
  });

  it('accepts fo combinations per RFC 7489 and refuses the guide\'s "l"', () => {
    expect(buildDmarcValue({ p: 'reject', fo: 'd:s' })).toBe('v=DMARC1; p=reject; fo=d:s');
    expect(buildDmarcValue({ p: 'none', fo: ['1', 'd', 's'] })).toBe('v=DMARC1; p=none; fo=1:d:s');
    expect(buildDmarcValue({ p: 'none', fo: '0' })).toBe('v=DMARC1; p=none'); // the default, left out
    expect(() => buildDmarcValue({ p: 'none', fo: 'l' })).toThrow(/RFC 7489/);
    expect(() => buildDmarcValue({ p: 'none', fo: '1,d' })).toThrow(/fo must be/);
  });

  it('round-trips through the parser', () => {
    const value = buildDmarcValue({ p: 'reject', sp: 'quarantine', adkim: 's', aspf: 'r', pct: 50, fo: 'd:s', rua: ['a@x.test', 'mailto:b@y.test'] });
    const parsed = parseDmarc(value);
    expect(parsed.problems).toEqual([]);
    expect(parsed.record).toEqual({ p: 'reject', sp: 'quarantine', adkim: 's', aspf: 'r', pct: 50, fo: ['d', 's'], rua: ['mailto:a@x.test', 'mailto:b@y.test'] });
  });

  it('notes report addresses in another domain and adds their authorization record', () => {
    expect(externalReportDomains('wac.tax', { rua: ['rua@wac.tax', 'dmarc@reports.example'], ruf: ['x@mail.wac.tax'] })).toEqual(['reports.example']);
    const { records, notes } = dmarcRecords('wac.tax', { p: 'none', rua: ['dmarc@reports.example'] });
    expect(records[1]).toMatchObject({ name: 'wac.tax._report._dmarc.reports.example', type: 'TXT', values: ['v=DMARC1'], home: 'other-domain' });
    expect(notes[0]).toMatch(/wac.tax._report._dmarc.reports.example/);
  });
});

describe('DMARC parse', () => {
  it('reads a policy and reports what is wrong', () => {
    expect(parseDmarc('v=DMARC1; p=quarantine; fo=1; ruf=mailto:ruf@wac.tax; rua=mailto:rua@wac.tax').record)
      .toEqual({ p: 'quarantine', fo: ['1'], ruf: ['mailto:ruf@wac.tax'], rua: ['mailto:rua@wac.tax'] });
    const bad = parseDmarc('p=block; fo=l; rua=rua@wac.tax; pct=200');
    expect(bad.record).toBeUndefined();
    expect(bad.problems).toEqual([
      'the record must start with v=DMARC1',
      'p=block is not none, quarantine or reject',
      'pct=200 must be a whole number 0-100',
      'fo=l must be 0, 1, d or s, combined with ":" (RFC 7489)',
      'rua has addresses that are not mailto: URIs: rua@wac.tax',
    ]);
    expect(parseDmarc('v=DMARC1').problems).toEqual(['the p= tag (policy) is missing']);
  });
});
