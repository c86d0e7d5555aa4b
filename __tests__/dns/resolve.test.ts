import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { authoritativeResolver, createResolver, DnsQueryError, normalizeServer, ptrName } from '../../src/dns/resolve.js';
import { startNamed, type RunningNamed } from './named.js';

describe('ptrName', () => {
  it('builds in-addr.arpa and ip6.arpa names', () => {
    expect(ptrName('203.0.113.5')).toBe('5.113.0.203.in-addr.arpa');
    expect(ptrName('2001:db8::1')).toBe('1.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.b.d.0.1.0.0.2.ip6.arpa');
  });
});

describe('normalizeServer', () => {
  it('accepts IP, IP:port and [IPv6]:port', () => {
    expect(normalizeServer('127.0.0.1')).toBe('127.0.0.1');
    expect(normalizeServer('127.0.0.1:5353')).toBe('127.0.0.1:5353');
    expect(normalizeServer('::1')).toBe('::1');
    expect(normalizeServer('[::1]:5353')).toBe('[::1]:5353');
    expect(() => normalizeServer('dns.example')).toThrow(/not a DNS server address/);
  });
});

describe('createResolver against a real bind9', () => {
  let named: RunningNamed;
  beforeAll(async () => {
    named = await startNamed({
      'example.test': [
        'smtp IN A 192.0.2.10',
        'smtp IN AAAA 2001:db8::10',
        '@ IN MX 10 smtp',
        '@ IN TXT "v=spf1 ip4:192.0.2.10 ~all"',
        'long IN TXT "part one " "part two"',
      ].join('\n'),
      '2.0.192.in-addr.arpa': '10 IN PTR smtp.example.test.',
    });
  });
  afterAll(async () => named?.stop());

  it('answers each record type and maps NXDOMAIN/NODATA to []', async () => {
    const r = createResolver({ server: named.server });
    expect(await r.a('smtp.example.test')).toEqual(['192.0.2.10']);
    expect(await r.aaaa('smtp.example.test')).toEqual(['2001:db8::10']);
    expect(await r.mx('example.test')).toEqual([{ exchange: 'smtp.example.test', priority: 10 }]);
    expect(await r.txt('example.test')).toEqual(['v=spf1 ip4:192.0.2.10 ~all']);
    expect(await r.txt('long.example.test')).toEqual(['part one part two']);
    expect(await r.txtChunks('long.example.test')).toEqual([['part one ', 'part two']]);
    expect(await r.ptr('192.0.2.10')).toEqual(['smtp.example.test']);
    expect(await r.ns('example.test')).toEqual(['ns1.example.test']);
    expect(await r.a('nope.example.test')).toEqual([]); // NXDOMAIN
    expect(await r.aaaa('ns1.example.test')).toEqual([]); // NODATA
  });

  it('throws a clear error for a zone the server refuses', async () => {
    const r = createResolver({ server: named.server });
    await expect(r.a('elsewhere.invalid')).rejects.toThrow(DnsQueryError);
    await expect(r.a('elsewhere.invalid')).rejects.toThrow(/REFUSED/);
  });

  it('authoritativeResolver honours an explicit server (--resolver)', async () => {
    const r = await authoritativeResolver('example.test', { server: named.server });
    expect(r.via).toBe(named.server);
    expect(await r.a('smtp.example.test')).toEqual(['192.0.2.10']);
  });
});

describe('a DNS server that does not answer', () => {
  it('makes a PTR question fail instead of reading as "no PTR record"', async () => {
    // Nothing listens on UDP/TCP port 9 of loopback: the query is refused or times out.
    const r = createResolver({ server: '127.0.0.1:9', timeoutMs: 500, tries: 1 });
    await expect(r.ptr('192.0.2.7')).rejects.toBeInstanceOf(DnsQueryError);
  });
});
