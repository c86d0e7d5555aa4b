import { describe, expect, it } from '@jest/globals';
import { generateKeyPairSync } from 'node:crypto';
import { dkimFromKey, dkimRecord, dkimValue, parseDkimRecord } from '../../src/dns/dkim.js';
import { renderZoneSnippet } from '../../src/dns/render-zone.js';
import { splitTxt, quoteTxt } from '../../src/dns/txt.js';

describe('DKIM record', () => {
  const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });

  it('builds v=DKIM1; k=rsa; p=<SPKI base64> from a key, public or private', () => {
    const pem = rsa.publicKey.export({ type: 'spki', format: 'pem' }).toString();
    const key = dkimFromKey(pem);
    expect(key.keyType).toBe('rsa');
    expect(key.publicKey).toBe(rsa.publicKey.export({ type: 'spki', format: 'der' }).toString('base64'));
    expect(dkimFromKey(rsa.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString())).toEqual(key);
  });

  it('carries the raw 32-byte key for Ed25519 (RFC 8463)', () => {
    const ed = generateKeyPairSync('ed25519');
    const key = dkimFromKey(ed.publicKey.export({ type: 'spki', format: 'pem' }).toString());
    expect(key.keyType).toBe('ed25519');
    expect(Buffer.from(key.publicKey, 'base64')).toHaveLength(32);
  });

  it("reads chasquid-util's printed record", () => {
    const p = dkimFromKey(rsa.publicKey.export({ type: 'spki', format: 'pem' })).publicKey;
    const printed = `20240612._domainkey.wac.tax\tTXT\t"v=DKIM1; k=rsa; p=${p}"\n`;
    expect(parseDkimRecord(printed)).toEqual({ keyType: 'rsa', publicKey: p, selector: '20240612', domain: 'wac.tax' });
    // A zone snippet with the value split into strings reads the same.
    const split = `sel._domainkey IN TXT ( "v=DKIM1; k=rsa; " "p=${p.slice(0, 200)}" "${p.slice(200)}" )`;
    expect(parseDkimRecord(split).publicKey).toBe(p);
    expect(parseDkimRecord(`v=DKIM1; k=ed25519; p=abc=`).keyType).toBe('ed25519');
    expect(() => parseDkimRecord('v=DKIM1; k=rsa')).toThrow(/p=/);
  });

  it('splits a 2048-bit key into strings of at most 255 bytes that join back', () => {
    const key = dkimFromKey(rsa.publicKey.export({ type: 'spki', format: 'pem' }));
    const value = dkimValue(key);
    const chunks = splitTxt(value);
    expect(value.length).toBeGreaterThan(255);
    expect(chunks.length).toBe(2);
    expect(chunks.every((c) => Buffer.byteLength(c) <= 255)).toBe(true);
    expect(chunks[0]).toHaveLength(255);
    expect(chunks.join('')).toBe(value);
    const zone = renderZoneSnippet([dkimRecord('wac.tax', 'sel', key)], 'wac.tax');
    expect(zone).toContain(`sel._domainkey`);
    expect(zone).toContain(`( "${chunks[0]}"\n`);
    expect(zone).toContain(`"${chunks[1]}" )`);
  });

  it('never splits inside a UTF-8 character and escapes quotes', () => {
    const chunks = splitTxt('é'.repeat(200));
    expect(chunks.map((c) => Buffer.byteLength(c))).toEqual([254, 146]);
    expect(quoteTxt('say "hi" \\ ok')).toBe('"say \\"hi\\" \\\\ ok"');
  });
});
