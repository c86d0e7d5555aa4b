import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createResolver } from '../../src/dns/resolve.js';
import { buildRecords } from '../../src/dns/records.js';
import { planChanges } from '../../src/dns/providers/plan.js';
import { readCurrent } from '../../src/dns/providers/current.js';
import { rfc2136Provider } from '../../src/dns/providers/rfc2136.js';
import { waitForRecords } from '../../src/dns/providers/wait.js';
import { renderDiff } from '../../src/dns/providers/diff.js';
import { startNamed, type RunningNamed } from './named.js';
import { DKIM, facts } from './zone-facts.js';


describe('rfc2136 provider against a real bind9', () => {
  let named: RunningNamed;
  beforeAll(async () => {
    named = await startNamed({
      'example.test': [
        '@ IN TXT "google-site-verification=abc123"',
        '@ IN TXT "v=spf1 include:_spf.google.com ~all"',
        '@ IN MX 5 aspmx.l.google.com.',
        'smtp IN A 192.0.2.99',
        'www IN A 192.0.2.80',
      ].join('\n'),
    });
  });
  afterAll(async () => named?.stop());


  it('plans, upserts, and a query sees the records; unrelated records survive', async () => {
    const resolver = createResolver({ server: named.server });
    const existingApexTxt = await resolver.txt('example.test');
    const { records } = buildRecords({ ...facts, existingApexTxt });
    const changes = planChanges(records, await readCurrent(records, resolver));
    const byName = (n: string, t: string) => changes.find((c) => c.record.name === n && c.record.type === t)!;
    expect(byName('smtp.example.test', 'A').action).toBe('replace');
    expect(byName('example.test', 'TXT').action).toBe('replace');
    expect(byName('example.test', 'TXT').previous.values).toEqual(['v=spf1 include:_spf.google.com ~all']);
    expect(byName('_dmarc.example.test', 'TXT').action).toBe('add');
    expect(renderDiff(changes)).toMatch(/~ example.test TXT\n {4}- v=spf1 include:_spf.google.com ~all\n {4}\+ v=spf1 include:_spf.google.com ip4:192.0.2.10 ip6:2001:db8::10 ~all/);

    const provider = rfc2136Provider({ server: named.server, zone: 'example.test', key: named.key });
    expect(provider.describe(changes)).not.toContain(named.key.secret);
    await provider.upsert(changes);

    expect(await resolver.a('smtp.example.test')).toEqual(['192.0.2.10']);
    expect(await resolver.aaaa('smtp.example.test')).toEqual(['2001:db8::10']);
    const apex = await resolver.txt('example.test');
    expect(apex.sort()).toEqual(['google-site-verification=abc123', 'v=spf1 include:_spf.google.com ip4:192.0.2.10 ip6:2001:db8::10 ~all']);
    const dkim = await resolver.txtChunks('sel._domainkey.example.test');
    expect(dkim).toHaveLength(1);
    expect(dkim[0]!.length).toBe(2); // 411 bytes: two strings
    expect(dkim[0]!.every((c) => Buffer.byteLength(c) <= 255)).toBe(true);
    expect(await resolver.txt('_dmarc.example.test')).toEqual(['v=DMARC1; p=quarantine; fo=1; rua=mailto:rua@example.test']);
    // Not ours: untouched.
    expect(await resolver.a('www.example.test')).toEqual(['192.0.2.80']);
    expect(await resolver.mx('example.test')).toEqual([{ exchange: 'aspmx.l.google.com', priority: 5 }]);

    // Publishing again changes nothing.
    const again = planChanges(records, await readCurrent(records, resolver));
    expect(again.every((c) => c.action === 'keep')).toBe(true);

    const progress: string[][] = [];
    const zoneRecords = records.filter((r) => r.home === 'zone');
    const wait = await waitForRecords(zoneRecords, resolver, { intervalMs: 10, timeoutMs: 1000, onProgress: (s) => progress.push(s.map((x) => x.state)) });
    expect(wait.ok).toBe(true);
    expect(progress[0]!.every((s) => s === 'visible')).toBe(true);
  });

  it('waitForRecords reports per-record state and times out when a record never shows', async () => {
    const resolver = createResolver({ server: named.server });
    const missing = { name: 'missing.example.test', type: 'A' as const, values: ['192.0.2.1'], ttl: 300, purpose: 't', home: 'zone' as const };
    const other = { name: 'www.example.test', type: 'A' as const, values: ['192.0.2.1'], ttl: 300, purpose: 't', home: 'zone' as const };
    const rounds: string[][] = [];
    const result = await waitForRecords([missing, other], resolver, { intervalMs: 20, timeoutMs: 100, onProgress: (s) => rounds.push(s.map((x) => x.state)) });
    expect(result.ok).toBe(false);
    expect(rounds.length).toBeGreaterThan(1);
    expect(result.statuses.map((s) => s.state)).toEqual(['waiting', 'different']);
    expect(result.statuses[1]!.seen).toEqual(['192.0.2.80']);
  });

  it('replaces a record set by an update over UDP too', async () => {
    const resolver = createResolver({ server: named.server });
    const rec = { name: 'smtp.example.test', type: 'A' as const, values: ['192.0.2.11'], ttl: 300, purpose: 't', home: 'zone' as const };
    const changes = planChanges([rec], await readCurrent([rec], resolver));
    expect(changes[0]!.action).toBe('replace');
    await rfc2136Provider({ server: named.server, zone: 'example.test', key: named.key, transport: 'udp' }).upsert(changes);
    expect(await resolver.a('smtp.example.test')).toEqual(['192.0.2.11']);
  });

  it('a wrong TSIG secret is refused with a clear error and changes nothing', async () => {
    const resolver = createResolver({ server: named.server });
    const rec = { name: 'new.example.test', type: 'A' as const, values: ['192.0.2.50'], ttl: 300, purpose: 't', home: 'zone' as const };
    const changes = planChanges([rec], await readCurrent([rec], resolver));
    const wrong = Buffer.alloc(32, 7).toString('base64');
    const provider = rfc2136Provider({ server: named.server, zone: 'example.test', key: { ...named.key, secret: wrong } });
    const err = await provider.upsert(changes).then(() => undefined, (e: Error) => e);
    expect(err?.message).toMatch(/refused the update.*TSIG secret.*wrong/);
    expect(err?.message).not.toContain(wrong);
    expect(await resolver.a('new.example.test')).toEqual([]);
  });

  it('an unknown key name is refused with a message about the key name', async () => {
    const rec = { name: 'new.example.test', type: 'A' as const, values: ['192.0.2.50'], ttl: 300, purpose: 't', home: 'zone' as const };
    const changes = planChanges([rec], []);
    const provider = rfc2136Provider({ server: named.server, zone: 'example.test', key: { ...named.key, name: 'nobody' } });
    await expect(provider.upsert(changes)).rejects.toThrow(/TSIG key name/);
  });

  it('a zone the server does not serve is refused with what to check', async () => {
    const rec = { name: 'x.other.test', type: 'A' as const, values: ['192.0.2.50'], ttl: 300, purpose: 't', home: 'zone' as const };
    const provider = rfc2136Provider({ server: named.server, zone: 'other.test', key: named.key });
    await expect(provider.upsert(planChanges([rec], []))).rejects.toThrow(/refused the update|not authoritative/);
  });

  it('refuses records outside the zone before sending anything', async () => {
    const rec = { name: 'x.elsewhere.test', type: 'A' as const, values: ['192.0.2.50'], ttl: 300, purpose: 't', home: 'zone' as const };
    const provider = rfc2136Provider({ server: named.server, zone: 'example.test', key: named.key });
    await expect(provider.upsert(planChanges([rec], []))).rejects.toThrow(/not inside the zone example.test/);
  });
});

describe('rfc2136 with an hmac-sha512 key', () => {
  let named: RunningNamed;
  beforeAll(async () => {
    named = await startNamed({ 'example.test': '' }, { algorithm: 'hmac-sha512' });
  });
  afterAll(async () => named?.stop());

  it('signs and verifies with sha512', async () => {
    const resolver = createResolver({ server: named.server });
    const rec = { name: 'smtp.example.test', type: 'A' as const, values: ['192.0.2.10'], ttl: 300, purpose: 't', home: 'zone' as const };
    await rfc2136Provider({ server: named.server, zone: 'example.test', key: named.key }).upsert(planChanges([rec], []));
    expect(await resolver.a('smtp.example.test')).toEqual(['192.0.2.10']);
  });
});
