import { mtaStsPolicy, mxPatternMatches, parseMtaStsPolicy, parseMtaStsRecord } from '../../src/dns/mta-sts.js';
import { parseTlsRptRecord } from '../../src/dns/tls-rpt.js';

describe('MTA-STS and TLS-RPT parsing', () => {
  it('reads back the policy mailsetup writes', () => {
    expect(parseMtaStsPolicy(mtaStsPolicy(['smtp.wac.tax'], 'enforce'))).toEqual({ mode: 'enforce', mx: ['smtp.wac.tax'], maxAge: 604800, problems: [] });
  });

  it('names what makes a policy unusable', () => {
    expect(parseMtaStsPolicy('version: STSv2\nmode: strict\nmax_age: soon\n').problems).toEqual([
      'version is STSv2, not STSv1', 'mode is strict (none, testing or enforce)', 'max_age is soon, not a number of seconds', 'no mx line',
    ]);
  });

  it('matches mx patterns as RFC 8461 4.1 says: exact, or one leftmost label for *.', () => {
    expect(mxPatternMatches('smtp.wac.tax', 'SMTP.wac.tax.')).toBe(true);
    expect(mxPatternMatches('*.wac.tax', 'smtp.wac.tax')).toBe(true);
    expect(mxPatternMatches('*.wac.tax', 'a.b.wac.tax')).toBe(false);
    expect(mxPatternMatches('*.wac.tax', 'wac.tax')).toBe(false);
    expect(mxPatternMatches('mx.wac.tax', 'smtp.wac.tax')).toBe(false);
  });

  it('parses the records', () => {
    expect(parseMtaStsRecord('v=STSv1; id=abc123')).toEqual({ id: 'abc123' });
    expect(parseMtaStsRecord('v=STSv1; id=no-dashes').problem).toMatch(/letters or digits/);
    expect(parseTlsRptRecord('v=TLSRPTv1; rua=mailto:tls@wac.tax,https://r.example/x')).toEqual({ rua: ['mailto:tls@wac.tax', 'https://r.example/x'] });
    expect(parseTlsRptRecord('v=TLSRPTv1;').problem).toMatch(/no rua/);
    expect(parseTlsRptRecord('v=TLSRPTv1; rua=tls@wac.tax').problem).toMatch(/neither mailto/);
  });
});
