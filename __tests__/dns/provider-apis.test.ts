// The record clients of Cloudflare (through its official SDK), Hetzner DNS
// and DigitalOcean against local stand-ins of their APIs (__tests__/dns/
// stand-ins/, written from the public API docs; the real services are not
// reachable from the tests). The same semantics as rfc2136 and PowerDNS:
// unrelated records survive, a value held differently is replaced, a DKIM
// key over 255 bytes is stored as the provider needs, a rerun writes
// nothing; and each refusal is one message with the fix and what was and
// was not published.
import { afterEach, describe, expect, jest, test } from '@jest/globals';
import { buildRecords } from '../../src/dns/records.js';
import { planChanges } from '../../src/dns/providers/plan.js';
import { cloudflareProvider } from '../../src/dns/providers/cloudflare.js';
import { hetznerProvider } from '../../src/dns/providers/hetzner.js';
import { digitaloceanProvider } from '../../src/dns/providers/digitalocean.js';
import { DEFAULT_RETRY } from '../../src/dns/providers/api/http.js';
import { unquoteTxt } from '../../src/dns/txt.js';
import type { DnsProvider } from '../../src/dns/providers/types.js';
import type { ExistingRecord } from '../../src/dns/types.js';
import type { StandIn, StoredRecord } from './stand-ins/core.js';
import { startCloudflareStandIn } from './stand-ins/cloudflare.js';
import { startHetznerStandIn } from './stand-ins/hetzner.js';
import { startDigitalOceanStandIn } from './stand-ins/digitalocean.js';

const TOKEN = 'tok-stand-in-0123456789';
const DKIM = 'v=DKIM1; k=rsa; p=' + 'A'.repeat(392);
const VERIFY = 'google-site-verification=abc123';
const OLD_SPF = 'v=spf1 include:_spf.google.com ~all';

interface Case {
  name: string;
  title: string;
  start: (token: string, zones: string[]) => Promise<StandIn>;
  make: (url: string, token: string, domain: string, sleep: (ms: number) => Promise<void>) => DnsProvider;
  /** A value as this provider's API stores it. */
  stored: (type: string, value: string) => Pick<StoredRecord, 'value' | 'priority'>;
  /** What the stand-in holds, in mailsetup's form. */
  view: (r: StoredRecord) => string;
}

const txtJoined = (v: string) => (v.startsWith('"') ? unquoteTxt(v).join('') : v);

const CASES: Case[] = [
  {
    name: 'cloudflare',
    title: 'Cloudflare',
    start: startCloudflareStandIn,
    make: (url, token, domain) => cloudflareProvider({ token, domain, baseUrl: url, maxRetries: 1 }),
    stored: (type, value) => (type === 'MX' ? { value: value.split(' ')[1]!, priority: Number(value.split(' ')[0]) } : { value }),
    view: (r) => (r.type === 'MX' ? `${r.priority} ${r.value}` : r.type === 'TXT' ? txtJoined(r.value) : r.value),
  },
  {
    name: 'hetzner',
    title: 'Hetzner DNS',
    start: startHetznerStandIn,
    make: (url, token, domain, sleep) => hetznerProvider({ token, domain, baseUrl: `${url}/api/v1`, retry: { ...DEFAULT_RETRY, sleep } }),
    stored: (type, value) => ({ value: type === 'TXT' ? `"${value}"` : type === 'MX' ? `${value}.` : value }),
    view: (r) => (r.type === 'TXT' ? txtJoined(r.value) : r.type === 'MX' ? r.value.replace(/\.$/, '') : r.value),
  },
  {
    name: 'digitalocean',
    title: 'DigitalOcean',
    start: startDigitalOceanStandIn,
    make: (url, token, domain, sleep) => digitaloceanProvider({ token, domain, baseUrl: `${url}/v2`, retry: { ...DEFAULT_RETRY, sleep } }),
    stored: (type, value) => (type === 'MX' ? { value: `${value.split(' ')[1]}.`, priority: Number(value.split(' ')[0]) } : { value }),
    view: (r) => (r.type === 'MX' ? `${r.priority} ${r.value.replace(/\.$/, '')}` : r.value),
  },
];

describe.each(CASES.map((c) => [c.title, c] as const))('%s stand-in', (_title, c) => {
  let standIn: StandIn;
  const sleeps: number[] = [];
  const sleep = async (ms: number) => {
    sleeps.push(ms);
  };
  afterEach(async () => standIn?.stop());

  /** The zone example.test as DNS shows it, seeded so that lists span pages (two records a page). */
  async function seeded(): Promise<{ provider: DnsProvider; current: ExistingRecord[] }> {
    standIn = await c.start(TOKEN, ['example.test']);
    const seed: [string, string, string][] = [
      ...Array.from({ length: 5 }, (_, i) => [`host${i}.example.test`, 'A', `192.0.2.${100 + i}`] as [string, string, string]),
      ['www.example.test', 'A', '192.0.2.80'],
      ['example.test', 'MX', '5 aspmx.l.google.com'],
      ['example.test', 'TXT', VERIFY],
      ['example.test', 'TXT', 'MS=ms123456'],
      // The SPF record to replace comes last: on the second page of its own list.
      ['example.test', 'TXT', OLD_SPF],
      ['smtp.example.test', 'A', '192.0.2.99'],
    ];
    for (const [name, type, value] of seed) standIn.state.records.push({ id: standIn.state.nextId(), zone: 'zone1', name, type, ttl: 3600, ...c.stored(type, value) });
    const current: ExistingRecord[] = [
      { name: 'example.test', type: 'TXT', values: [VERIFY, 'MS=ms123456', OLD_SPF] },
      { name: 'smtp.example.test', type: 'A', values: ['192.0.2.99'] },
      { name: 'example.test', type: 'MX', values: ['5 aspmx.l.google.com'] },
    ];
    return { provider: c.make(standIn.url, TOKEN, 'example.test', sleep), current };
  }

  const plan = (current: ExistingRecord[]) =>
    planChanges(
      buildRecords({
        domain: 'example.test',
        hostname: 'smtp.example.test',
        ipv4: ['192.0.2.10'],
        ipv6: ['2001:db8::10'],
        dkim: { selector: 'sel', publicRecord: `sel._domainkey.example.test\tTXT\t"${DKIM}"` },
        dmarc: { p: 'quarantine', fo: '1', rua: ['rua@example.test'] },
        receiving: true,
        existingApexTxt: [VERIFY, 'MS=ms123456', OLD_SPF],
      }).records,
      current,
    );

  const held = (name: string, type: string) => standIn.state.records.filter((r) => r.name === name && r.type === type).map(c.view).sort();

  test('publishes every record, replaces what is held with another value, keeps unrelated records, follows pages; a rerun writes nothing', async () => {
    const { provider, current } = await seeded();
    const changes = plan(current);
    expect(provider.describe(changes)).toContain(`${c.title === 'Hetzner DNS' ? 'Hetzner DNS' : c.title} API`);
    await provider.upsert(changes);
    expect(standIn.state.unexpected).toEqual([]);
    expect(held('smtp.example.test', 'A')).toEqual(['192.0.2.10']);
    expect(held('smtp.example.test', 'AAAA')).toEqual(['2001:db8::10']);
    expect(held('example.test', 'TXT')).toEqual(['MS=ms123456', VERIFY, 'v=spf1 include:_spf.google.com ip4:192.0.2.10 ip6:2001:db8::10 ~all'].sort());
    expect(held('example.test', 'MX')).toEqual(['10 smtp.example.test']);
    expect(held('sel._domainkey.example.test', 'TXT')).toEqual([DKIM]);
    expect(held('_dmarc.example.test', 'TXT')).toEqual(['v=DMARC1; p=quarantine; fo=1; rua=mailto:rua@example.test']);
    expect(held('www.example.test', 'A')).toEqual(['192.0.2.80']);
    expect(standIn.state.records.filter((r) => r.name.startsWith('host'))).toHaveLength(5);
    // Lists were read past their first page.
    expect(standIn.state.requests.some((r) => /[?&]page=2\b/.test(r))).toBe(true);
    if (c.name === 'hetzner') {
      // Hetzner takes a long TXT as quoted strings of at most 255 bytes.
      const dkim = standIn.state.records.find((r) => r.name === 'sel._domainkey.example.test')!;
      expect(unquoteTxt(dkim.value).length).toBe(2);
    }
    // Planned against the old DNS view and sent again: what the provider holds is already right.
    const writes = standIn.state.writes;
    await provider.upsert(changes);
    expect(standIn.state.writes).toBe(writes);
  });

  test.each([401, 403] as const)('a token refused with %i: the fix, nothing published, the token never repeated', async (status) => {
    const { provider, current } = await seeded();
    standIn.state.faults.authStatus = status;
    const err = await provider.upsert(plan(current)).then(() => undefined, (e: Error) => e);
    expect(err?.message).toMatch(new RegExp(`^${c.title} refused the credential \\(HTTP ${status}.*\\. Fix: create .*token.*\\. Published: none\\. Not published: A smtp\\.example\\.test, AAAA smtp\\.example\\.test, .*TXT _dmarc\\.example\\.test\\.$`));
    expect(err?.message).not.toContain(TOKEN);
  });

  test('a rate limit with Retry-After is waited out as asked, then the records are published', async () => {
    const { provider, current } = await seeded();
    standIn.state.faults.rateLimited = 1;
    standIn.state.faults.retryAfterSeconds = 1;
    await provider.upsert(plan(current));
    expect(held('smtp.example.test', 'A')).toEqual(['192.0.2.10']);
    if (c.name !== 'cloudflare') expect(sleeps).toContain(1000); // the SDK waits by itself
  });

  test('a rate limit that does not lift: says when to try again and that nothing was published', async () => {
    const { provider, current } = await seeded();
    standIn.state.faults.rateLimited = Infinity;
    standIn.state.faults.retryAfterSeconds = 1;
    const err = await provider.upsert(plan(current)).then(() => undefined, (e: Error) => e);
    expect(err?.message).toMatch(new RegExp(`^${c.title} rate-limited the requests \\(HTTP 429.*Fix: wait 1 s \\(its Retry-After\\), then run mailsetup again.*Published: none\\.`));
  }, 20_000);

  test('a zone the account does not hold: says so and how to add it', async () => {
    const { current } = await seeded();
    const provider = c.make(standIn.url, TOKEN, 'other.test', sleep);
    const changes = plan(current).map((ch) => ({ ...ch, record: { ...ch.record, name: ch.record.name.replace('example.test', 'other.test') } }));
    const err = await provider.upsert(changes).then(() => undefined, (e: Error) => e);
    expect(err?.message).toMatch(new RegExp(`^${c.title} has no such zone or record .*other\\.test.*Fix: .*other\\.test.*Published: none\\.`));
    expect(standIn.state.writes).toBe(0);
  });

  test('a failure halfway through the batch: the message lists exactly what was published and what was not', async () => {
    const { provider, current } = await seeded();
    standIn.state.faults.writesBeforeFailure = 3;
    const changes = plan(current).filter((ch) => ch.action !== 'keep');
    const err = await provider.upsert(changes).then(() => undefined, (e: Error) => e);
    const said = /Published: (.*)\. Not published: (.*)\.$/.exec(err?.message ?? '');
    expect(err?.message).toMatch(new RegExp(`^${c.title} failed on its side \\(HTTP 500`));
    expect(said).not.toBeNull();
    const published = said![1]!.split(', ');
    const notPublished = said![2]!.split(', ');
    expect(published.length).toBeGreaterThan(0);
    expect(notPublished.length).toBeGreaterThan(0);
    expect([...published, ...notPublished]).toEqual(changes.map((ch) => `${ch.record.type} ${ch.record.name}`));
    // What it calls published is there, in full.
    for (const label of published) {
      const ch = changes.find((x) => `${x.record.type} ${x.record.name}` === label)!;
      for (const v of ch.record.values) expect(held(ch.record.name, ch.record.type)).toContain(v);
    }
    // And a rerun publishes the rest.
    standIn.state.faults.writesBeforeFailure = undefined;
    await provider.upsert(changes);
    expect(held('_dmarc.example.test', 'TXT')).toHaveLength(1);
  });
});

test('the stand-ins are what the clients are tested against: each provider with an API is covered here or by a real server', () => {
  const covered = new Set([...CASES.map((c) => c.name), 'powerdns']);
  return import('../../src/dns/providers/registry/index.js').then(({ recordProviders }) => {
    expect(recordProviders().map((p) => p.id).sort()).toEqual([...covered].sort());
  });
});

jest.setTimeout(30_000);
