// The powerdns provider against a real PowerDNS (pdns_server + sqlite3):
// the same semantics as rfc2136 (unrelated records survive, TTLs, a DKIM
// key over 255 bytes split, a rerun changes nothing), and each refusal
// gives one message with the fix and what was and was not published.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createResolver } from '../../src/dns/resolve.js';
import { buildRecords } from '../../src/dns/records.js';
import { planChanges } from '../../src/dns/providers/plan.js';
import { readCurrent } from '../../src/dns/providers/current.js';
import { powerdnsProvider } from '../../src/dns/providers/powerdns.js';
import { renderDiff } from '../../src/dns/providers/diff.js';
import { freePort } from './named.js';
import { startPowerDns, type RunningPowerDns } from './powerdns-server.js';
import { DKIM, facts } from './zone-facts.js';

const rec = (name: string, type: 'A' | 'TXT', values: string[], ttl = 300) => ({ name, type, values, ttl, purpose: 't', home: 'zone' as const });

describe('powerdns provider against a real PowerDNS', () => {
  let pdns: RunningPowerDns;
  beforeAll(async () => {
    pdns = await startPowerDns({
      'example.test': [
        { name: 'example.test.', type: 'TXT', records: ['"google-site-verification=abc123"', '"v=spf1 include:_spf.google.com ~all"'] },
        { name: 'example.test.', type: 'MX', records: ['5 aspmx.l.google.com.'] },
        { name: 'smtp.example.test.', type: 'A', records: ['192.0.2.99'] },
        { name: 'www.example.test.', type: 'A', records: ['192.0.2.80'] },
      ],
    });
  }, 30000);
  afterAll(async () => pdns?.stop());


  it('plans, publishes in one PATCH, and DNS serves it; unrelated records survive; a rerun changes nothing', async () => {
    const resolver = createResolver({ server: pdns.server });
    const { records } = buildRecords({ ...facts, existingApexTxt: await resolver.txt('example.test') });
    const changes = planChanges(records, await readCurrent(records, resolver));
    const provider = powerdnsProvider({ url: pdns.url, key: pdns.key, domain: 'example.test' });
    const said = provider.describe(changes);
    expect(said).toContain(`PowerDNS HTTP API at ${pdns.url} (server localhost)`);
    expect(said).toContain(renderDiff(changes));
    expect(said).not.toContain(pdns.key);
    await provider.upsert(changes);

    expect(await resolver.a('smtp.example.test')).toEqual(['192.0.2.10']);
    expect(await resolver.aaaa('smtp.example.test')).toEqual(['2001:db8::10']);
    expect((await resolver.txt('example.test')).sort()).toEqual(['google-site-verification=abc123', 'v=spf1 include:_spf.google.com ip4:192.0.2.10 ip6:2001:db8::10 ~all']);
    const dkim = await resolver.txtChunks('sel._domainkey.example.test');
    expect(dkim).toHaveLength(1);
    expect(dkim[0]!.length).toBe(2); // 411 bytes: two strings
    expect(dkim[0]!.every((c) => Buffer.byteLength(c) <= 255)).toBe(true);
    expect(dkim[0]!.join('')).toBe(DKIM.split('"')[1]);
    expect(await resolver.txt('_dmarc.example.test')).toEqual(['v=DMARC1; p=quarantine; fo=1; rua=mailto:rua@example.test']);
    expect(await resolver.a('www.example.test')).toEqual(['192.0.2.80']);

    // TTLs are the records' own.
    const zone = await pdns.api('GET', '/zones/example.test.');
    const ttl = (name: string, type: string) => zone.json.rrsets.find((r: any) => r.name === name && r.type === type)?.ttl;
    expect(ttl('smtp.example.test.', 'A')).toBe(records.find((r) => r.name === 'smtp.example.test' && r.type === 'A')!.ttl);
    expect(ttl('_dmarc.example.test.', 'TXT')).toBe(records.find((r) => r.name === '_dmarc.example.test')!.ttl);

    const serial = zone.json.serial;
    const again = planChanges(records, await readCurrent(records, resolver));
    expect(again.every((c) => c.action === 'keep')).toBe(true);
    await provider.upsert(again);
    expect((await pdns.api('GET', '/zones/example.test.')).json.serial).toBe(serial);
  });

  it('DNS still showing the old value: the change is computed from what PowerDNS holds, so nothing doubles', async () => {
    const resolver = createResolver({ server: pdns.server });
    const spf = rec('example.test', 'TXT', ['v=spf1 ip4:192.0.2.10 ~all']);
    const changes = planChanges([spf], await readCurrent([spf], resolver));
    const provider = powerdnsProvider({ url: `${pdns.url}/api/v1/`, key: pdns.key, domain: 'example.test' });
    await provider.upsert(changes);
    await provider.upsert(changes); // planned against the old DNS view, sent twice
    expect((await resolver.txt('example.test')).sort()).toEqual(['google-site-verification=abc123', 'v=spf1 ip4:192.0.2.10 ~all']);
  });

  it('finds the zone above a subdomain', async () => {
    const resolver = createResolver({ server: pdns.server });
    const a = rec('smtp.mail.example.test', 'A', ['192.0.2.20']);
    await powerdnsProvider({ url: pdns.url, key: pdns.key, domain: 'mail.example.test' }).upsert(planChanges([a], []));
    expect(await resolver.a('smtp.mail.example.test')).toEqual(['192.0.2.20']);
  });

  it('a wrong API key: the message names the fix and that nothing was published, and never the key', async () => {
    const resolver = createResolver({ server: pdns.server });
    const a = rec('new.example.test', 'A', ['192.0.2.50']);
    const wrong = 'not-the-key-1234';
    const err = await powerdnsProvider({ url: pdns.url, key: wrong, domain: 'example.test' }).upsert(planChanges([a], [])).then(() => undefined, (e: Error) => e);
    expect(err?.message).toMatch(/PowerDNS refused the credential \(HTTP 401.*Fix: check the API key.*Published: none\. Not published: A new\.example\.test\./);
    expect(err?.message).not.toContain(wrong);
    expect(await resolver.a('new.example.test')).toEqual([]);
  });

  it('a domain PowerDNS does not hold: says so and how to create it', async () => {
    const a = rec('smtp.other.test', 'A', ['192.0.2.50']);
    await expect(powerdnsProvider({ url: pdns.url, key: pdns.key, domain: 'other.test' }).upsert(planChanges([a], []))).rejects.toThrow(
      /has no such zone.*no zone holds other\.test.*Fix: create the zone of other\.test.*pdnsutil create-zone other\.test.*Not published: A smtp\.other\.test/,
    );
  });

  it('a wrong server id is the same clear "no zone" with the server id named', async () => {
    const a = rec('x.example.test', 'A', ['192.0.2.50']);
    await expect(powerdnsProvider({ url: pdns.url, key: pdns.key, serverId: 'nope', domain: 'example.test' }).upsert(planChanges([a], []))).rejects.toThrow(/check the server id \("nope"\)/);
  });

  it('a change PowerDNS refuses (a CNAME beside other data) publishes none of the batch', async () => {
    const resolver = createResolver({ server: pdns.server });
    const good = rec('fine.example.test', 'A', ['192.0.2.60']);
    const bad = { ...rec('www.example.test', 'A', []), type: 'CNAME' as const, values: ['elsewhere.test'] };
    const err = await powerdnsProvider({ url: pdns.url, key: pdns.key, domain: 'example.test' })
      .upsert(planChanges([good, bad], []))
      .then(() => undefined, (e: Error) => e);
    expect(err?.message).toMatch(/PowerDNS refused the change \(HTTP 422.*Published: none\. Not published: A fine\.example\.test, CNAME www\.example\.test\./);
    expect(await resolver.a('fine.example.test')).toEqual([]);
  });

  it('an API that does not answer: names the address to check', async () => {
    const a = rec('x.example.test', 'A', ['192.0.2.50']);
    const closed = `http://127.0.0.1:${await freePort()}`;
    await expect(powerdnsProvider({ url: closed, key: pdns.key, domain: 'example.test' }).upsert(planChanges([a], []))).rejects.toThrow(
      /API did not answer \(no answer: ECONNREFUSED\).*check the API address/,
    );
  });
});
