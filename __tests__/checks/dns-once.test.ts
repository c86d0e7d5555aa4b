// askOnce: a question asked by several families in one --check run goes to
// the DNS once. A counting stand-in resolver stands for the server here (the
// real resolver and real servers answer in resolve.test.ts and the lab).
import { askOnce } from '../../src/checks/dns-once.js';
import { DnsQueryError, type DnsResolver } from '../../src/dns/resolve.js';

function counting(): { dns: DnsResolver; asked: string[] } {
  const asked: string[] = [];
  const log = <T>(q: string, a: T) => { asked.push(q); return Promise.resolve(a); };
  const dns: DnsResolver = {
    via: 'stand-in',
    txt: (n) => log(`txt ${n}`, ['joined by the stand-in']),
    txtChunks: (n) => log(`txtChunks ${n}`, [['v=spf1 ', '-all'], ['other']]),
    a: (n) => log(`a ${n}`, ['192.0.2.1']),
    aaaa: (n) => (asked.push(`aaaa ${n}`), Promise.reject(new DnsQueryError('AAAA', n, 'ETIMEOUT', 'stand-in', 2))),
    mx: (n) => log(`mx ${n}`, [{ exchange: 'mx.example.test', priority: 10 }]),
    ptr: (n) => log(`ptr ${n}`, ['host.example.test']),
    ns: (n) => log(`ns ${n}`, []),
    caa: (n) => log(`caa ${n}`, []),
    raw: (n, type, opts) => log(`raw ${n} ${type} ${opts?.checkingDisabled ? 'cd' : ''}`, { records: [], authenticated: false, rcode: 'NOERROR' }),
  };
  return { dns, asked };
}

test('each question is asked once; TXT as joined strings comes from the character-strings', async () => {
  const { dns, asked } = counting();
  const once = askOnce(dns);
  const [chunks, joined, joinedAgain] = await Promise.all([once.txtChunks('example.test'), once.txt('example.test'), once.txt('example.test')]);
  expect(chunks).toEqual([['v=spf1 ', '-all'], ['other']]);
  expect(joined).toEqual(['v=spf1 -all', 'other']);
  expect(joinedAgain).toEqual(joined);
  await Promise.all([once.a('smtp.example.test'), once.a('smtp.example.test'), once.a('other.example.test'), once.ptr('192.0.2.1'), once.ptr('192.0.2.1')]);
  await once.raw!('example.test', 'DNSKEY');
  await once.raw!('example.test', 'DNSKEY', { checkingDisabled: true });
  await once.raw!('example.test', 'DNSKEY');
  expect(asked).toEqual(['txtChunks example.test', 'a smtp.example.test', 'a other.example.test', 'ptr 192.0.2.1',
    'raw example.test DNSKEY ', 'raw example.test DNSKEY cd']);
});

test('every caller gets its own copy: one that changes its answer does not change another\'s', async () => {
  const once = askOnce(counting().dns);
  const first = await once.mx('example.test');
  first[0]!.priority = 99;
  first.push({ exchange: 'added', priority: 1 });
  expect(await once.mx('example.test')).toEqual([{ exchange: 'mx.example.test', priority: 10 }]);
});

test('a raw answer\'s bytes stay a Buffer in every copy (a TLSA digest reads as hex)', async () => {
  const digest = Buffer.from('a54b3f28', 'hex');
  const dns: DnsResolver = { ...counting().dns, raw: async () => ({ records: [{ usage: 3, selector: 1, matchingType: 1, certificate: digest }], authenticated: true, rcode: 'NOERROR' }) };
  const once = askOnce(dns);
  for (const answer of [await once.raw!('_25._tcp.smtp.example.test', 'TLSA'), await once.raw!('_25._tcp.smtp.example.test', 'TLSA')]) {
    const record = answer.records[0] as { certificate: Buffer };
    expect(Buffer.isBuffer(record.certificate)).toBe(true);
    expect(record.certificate.toString('hex')).toBe('a54b3f28');
    expect(answer.authenticated).toBe(true);
  }
});

test('a failed question fails every caller the same way, and is not asked again', async () => {
  const { dns, asked } = counting();
  const once = askOnce(dns);
  const tries = await Promise.allSettled([once.aaaa('smtp.example.test'), once.aaaa('smtp.example.test')]);
  expect(tries.map((t) => t.status)).toEqual(['rejected', 'rejected']);
  expect((tries[0] as PromiseRejectedResult).reason).toBeInstanceOf(DnsQueryError);
  expect(asked.filter((q) => q.startsWith('aaaa'))).toHaveLength(1);
});
