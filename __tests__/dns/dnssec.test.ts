import { dsDigest, dsLine, dsMatches, keyTag } from '../../src/dns/dnssec.js';
import { tlsaData, tlsaMatches, tlsaValue } from '../../src/dns/tlsa.js';

// RFC 4034 5.4: the worked example of a DNSKEY and its DS.
const key = {
  flags: 256, algorithm: 5,
  key: Buffer.from('AQOeiiR0GOMYkDshWoSKz9XzfwJr1AYtsmx3TGkJaNXVbfi/2pHm822aJ5iI9BMzNXxeYCmZDRD99WYwYqUSdjMmmAphXdvxegXd/M5+X7OrzKBaMbCVdFLUUh6DhweJBjEVv5f2wwjM9XzcnOf+EPbtG9DMBmADjFDc2w/rljwvFw==', 'base64'),
};
const ds = { keyTag: 60485, algorithm: 5, digestType: 1, digest: Buffer.from('2BB183AF5F22588179A53B0A98631FAD1A292118', 'hex') };

describe('DNSSEC: key tags and DS digests (RFC 4034)', () => {
  it('computes the example key tag and SHA-1 DS digest', () => {
    expect(keyTag(key)).toBe(60485);
    expect(dsDigest('dskey.example.com', key, 1)!.toString('hex').toUpperCase()).toBe('2BB183AF5F22588179A53B0A98631FAD1A292118');
    expect(dsMatches('dskey.example.com', ds, key)).toBe(true);
    expect(dsMatches('other.example.com', ds, key)).toBe(false);
    expect(dsMatches('dskey.example.com', { ...ds, digest: Buffer.alloc(20) }, key)).toBe(false);
    expect(dsLine('dskey.example.com', key)).toMatch(/^dskey\.example\.com\. DS 60485 5 2 [0-9A-F]{64}$/);
  });
});

describe('DANE: TLSA 3 1 1', () => {
  it('matches the certificate whose key it pins, and no other', async () => {
    const { execa } = await import('execa');
    // A self-signed certificate made by openssl: the DER the server would present.
    const make = async () => {
      const out = await execa('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', '/dev/null',
        '-subj', '/CN=smtp.example.test', '-days', '1', '-outform', 'DER'], { encoding: 'buffer' });
      return Buffer.from(out.stdout);
    };
    const [cert, other] = await Promise.all([make(), make()]);
    const value = tlsaValue(cert);
    expect(value).toMatch(/^3 1 1 [0-9a-f]{64}$/);
    const record = { usage: 3, selector: 1, matchingType: 1, certificate: Buffer.from(value.split(' ')[3]!, 'hex') };
    expect(tlsaMatches(record, [cert])).toBe(true);
    expect(tlsaMatches(record, [other, cert])).toBe(false);
    // DANE-TA pins a certificate above the leaf; PKIX usages are not for SMTP.
    expect(tlsaMatches({ ...record, usage: 2 }, [other, cert])).toBe(true);
    expect(tlsaMatches({ ...record, usage: 1 }, [cert])).toBe(false);
    expect(tlsaMatches({ usage: 3, selector: 0, matchingType: 0, certificate: cert }, [cert])).toBe(true);
    expect(tlsaData(cert, 1, 2)).toHaveLength(64);
  });
});
