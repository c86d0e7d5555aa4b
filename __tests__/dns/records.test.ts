import { describe, expect, it } from '@jest/globals';
import { buildRecords } from '../../src/dns/records.js';
import { renderTable } from '../../src/dns/render-table.js';
import { renderZoneSnippet } from '../../src/dns/render-zone.js';
import { ipFromPtrName } from '../../src/dns/ptr.js';
import { mtaStsId, mtaStsPolicy } from '../../src/dns/mta-sts.js';
import { manualProvider } from '../../src/dns/providers/manual.js';
import { planChanges } from '../../src/dns/providers/plan.js';

const P = 'MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA' + 'x'.repeat(330) + 'IDAQAB';

const facts = {
  domain: 'wac.tax',
  hostname: 'smtp.wac.tax',
  ipv4: ['203.0.113.5'],
  ipv6: ['2001:db8::5'],
  dkim: { selector: '20240612', publicRecord: `20240612._domainkey.wac.tax\tTXT\t"v=DKIM1; k=rsa; p=${P}"` },
  dmarc: { p: 'quarantine' as const, fo: '1', rua: ['rua@wac.tax'], ruf: ['ruf@wac.tax'] },
  existingApexTxt: ['v=spf1 a mx include:_spf.google.com ~all', 'google-site-verification=abc'],
};

describe('buildRecords', () => {
  it('lists every record with name, type, values, ttl and purpose', () => {
    const { records, notes } = buildRecords(facts);
    expect(records.map((r) => `${r.name} ${r.type} ${r.home}`)).toEqual([
      'smtp.wac.tax A zone',
      'smtp.wac.tax AAAA zone',
      'wac.tax TXT zone',
      'smtp.wac.tax TXT zone',
      '20240612._domainkey.wac.tax TXT zone',
      '_dmarc.wac.tax TXT zone',
      '5.113.0.203.in-addr.arpa PTR reverse',
      '5.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.b.d.0.1.0.0.2.ip6.arpa PTR reverse',
    ]);
    expect(records[2]!.values).toEqual(['v=spf1 a mx include:_spf.google.com ip4:203.0.113.5 ip6:2001:db8::5 ~all']);
    // The host name's own SPF (HELO identity): only this server, nothing else, -all.
    expect(records[3]!.values).toEqual(['v=spf1 ip4:203.0.113.5 ip6:2001:db8::5 -all']);
    expect(buildRecords({ ...facts, spfByHostname: true }).records[3]!.values).toEqual(['v=spf1 a -all']);
    expect(buildRecords({ ...facts, hostname: 'wac.tax' }).records.filter((r) => r.type === 'TXT' && r.name === 'wac.tax')).toHaveLength(1);
    expect(records.every((r) => r.ttl === 3600 && r.purpose.length > 0)).toBe(true);
    expect(notes.some((n) => n.startsWith('SPF: kept the existing mechanisms'))).toBe(true);
  });

  it('adds MX only when receiving, and the optional MTA-STS / TLS-RPT when asked', () => {
    expect(buildRecords(facts).records.some((r) => r.type === 'MX')).toBe(false);
    const { records, mtaStsPolicy: policy, notes } = buildRecords({ ...facts, receiving: true, mtaSts: { mode: 'testing' }, tlsRpt: ['tls@wac.tax'] });
    expect(records.find((r) => r.type === 'MX')).toMatchObject({ name: 'wac.tax', values: ['10 smtp.wac.tax'] });
    // The id is the policy's hash: the same policy, the same record (a rerun publishes nothing); another policy, another id.
    expect(records.find((r) => r.name === '_mta-sts.wac.tax')!.values).toEqual([`v=STSv1; id=${mtaStsId(policy!)}`]);
    expect(mtaStsId(policy!)).toMatch(/^[0-9a-f]{20}$/);
    expect(mtaStsId(mtaStsPolicy(['smtp.wac.tax'], 'enforce'))).not.toBe(mtaStsId(policy!));
    // Hosted elsewhere: no address records for mta-sts, a note says where the file goes.
    expect(records.some((r) => r.name === 'mta-sts.wac.tax')).toBe(false);
    expect(notes.some((n) => n.includes('https://mta-sts.wac.tax/.well-known/mta-sts.txt'))).toBe(true);
    const served = buildRecords({ ...facts, receiving: true, mtaSts: { mode: 'testing', servedByServer: true } }).records;
    expect(served.filter((r) => r.name === 'mta-sts.wac.tax').map((r) => [r.type, r.values])).toEqual([['A', ['203.0.113.5']], ['AAAA', ['2001:db8::5']]]);
    expect(records.find((r) => r.name === '_smtp._tls.wac.tax')!.values).toEqual(['v=TLSRPTv1; rua=mailto:tls@wac.tax']);
    expect(policy).toBe(mtaStsPolicy(['smtp.wac.tax'], 'testing'));
    expect(policy).toBe('version: STSv1\r\nmode: testing\r\nmx: smtp.wac.tax\r\nmax_age: 86400\r\n');
  });

  it('CAA: the CA in use (with its ACME account) beside the entries already there; an older entry of the same CA is replaced', () => {
    const caa = (existing: string[], accountUri?: string) =>
      buildRecords({ ...facts, caa: { identity: 'letsencrypt.org', accountUri, existing } }).records.find((r) => r.type === 'CAA')!;
    expect(caa([])).toMatchObject({ name: 'wac.tax', values: ['0 issue "letsencrypt.org"'], optional: true });
    const uri = 'https://acme-v02.api.letsencrypt.org/acme/acct/123';
    expect(caa(['0 issue "pki.goog"', '0 issue "letsencrypt.org"', '0 iodef "mailto:x@wac.tax"'], uri).values)
      .toEqual(['0 issue "pki.goog"', '0 iodef "mailto:x@wac.tax"', `0 issue "letsencrypt.org; accounturi=${uri}"`]);
    expect(buildRecords(facts).records.some((r) => r.type === 'CAA')).toBe(false);
  });

  it('PTR names map back to their address', () => {
    expect(ipFromPtrName('5.113.0.203.in-addr.arpa')).toBe('203.0.113.5');
    const v6 = buildRecords(facts).records.at(-1)!.name;
    expect(ipFromPtrName(v6)).toBe('2001:db8::5');
  });
});

describe('renderers', () => {
  const { records } = buildRecords({ ...facts, receiving: true });

  it('zone snippet: relative names, quoted 255-byte strings, other zones commented', () => {
    const zone = renderZoneSnippet(records, 'wac.tax');
    expect(zone.split('\n')[0]).toBe('$ORIGIN wac.tax.');
    expect(zone).toMatch(/^smtp\s+3600 IN A\s+203\.0\.113\.5$/m);
    expect(zone).toMatch(/^@\s+3600 IN MX\s+10 smtp\.wac\.tax\.$/m);
    expect(zone).toMatch(/^@\s+3600 IN TXT\s+"v=spf1 a mx include:_spf.google.com ip4:203.0.113.5 ip6:2001:db8::5 ~all"$/m);
    expect(zone).toMatch(/^20240612\._domainkey\s+3600 IN TXT\s+\( "v=DKIM1; k=rsa; p=MIIB/m);
    expect(zone).toMatch(/^; 5\.113\.0\.203\.in-addr\.arpa\.\s+3600 IN PTR\s+smtp\.wac\.tax\.$/m);
    for (const m of zone.matchAll(/"([^"]*)"/g)) expect(Buffer.byteLength(m[1]!)).toBeLessThanOrEqual(255);
  });

  it('table fits 80 columns and elides a DKIM key in the middle', () => {
    const table = renderTable(records, { purpose: true });
    for (const line of table.split('\n')) expect([...line].length).toBeLessThanOrEqual(80);
    expect(table).toMatch(/v=DKIM1; k=rsa;/);
    expect(table).toMatch(/…/);
    expect(table).toMatch(/IDAQAB/); // the key's end is still visible
    expect(table).toContain('↳ reverse DNS of 203.0.113.5');
  });

  it('manual provider instructions list only what to change', () => {
    const changes = planChanges(records, [{ name: 'wac.tax', type: 'TXT', values: facts.existingApexTxt }]);
    const text = manualProvider('wac.tax').describe(changes);
    expect(text).toContain('~ wac.tax TXT');
    expect(text).toContain('- v=spf1 a mx include:_spf.google.com ~all');
    expect(text).not.toContain('google-site-verification');
    expect(text).not.toContain('in-addr.arpa'); // PTR is the host panel's, not the zone's
  });
});

test('DANE asked on a signed zone: the TLSA record once the certificate is known, a note until then; an unsigned zone says why there is none', () => {
  const signedNoCert = buildRecords({ ...facts, dane: {} });
  expect(signedNoCert.records.some((r) => r.type === 'TLSA')).toBe(false);
  expect(signedNoCert.notes).toContainEqual(expect.stringMatching(/^DANE: wac\.tax is signed; the TLSA record _25\._tcp\.smtp\.wac\.tax .*once the certificate is in place/));
  expect(buildRecords({ ...facts, dane: { unsigned: true } }).notes).toContainEqual(expect.stringMatching(/^DANE: wac\.tax is not signed/));
  expect(buildRecords(facts).notes.some((n) => n.startsWith('DANE'))).toBe(false);
});
