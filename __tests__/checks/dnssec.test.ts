// The decisions of dnssec.zone on a signed zone, with a stand-in resolver
// that answers DNSKEY and DS as given (the real chain, signed by bind9 and
// validated, is proven on the lab in lab-dnssec.test.ts).
// The key and DS are RFC 4034 5.4's worked example.
import { checkDnssec } from '../../src/checks/dnssec.js';
import { STANDARD_PORTS } from '../../src/checks/context.js';
import { DnsQueryError, type DnsResolver, type RawType } from '../../src/dns/resolve.js';
import type { RawOptions } from '../../src/dns/raw-query.js';

const domain = 'dskey.example.com';
const key = {
  flags: 256, algorithm: 5,
  key: Buffer.from('AQOeiiR0GOMYkDshWoSKz9XzfwJr1AYtsmx3TGkJaNXVbfi/2pHm822aJ5iI9BMzNXxeYCmZDRD99WYwYqUSdjMmmAphXdvxegXd/M5+X7OrzKBaMbCVdFLUUh6DhweJBjEVv5f2wwjM9XzcnOf+EPbtG9DMBmADjFDc2w/rljwvFw==', 'base64'),
};
const ds = { keyTag: 60485, algorithm: 5, digestType: 1, digest: Buffer.from('2BB183AF5F22588179A53B0A98631FAD1A292118', 'hex') };

function standIn(answers: Partial<Record<RawType, unknown[]>>, authenticated = false): DnsResolver {
  const none = async () => [];
  return {
    via: 'stand-in', txt: none, txtChunks: none, a: none, aaaa: none, mx: none, ptr: none, ns: none, caa: none,
    raw: async (_name: string, type: RawType) => ({ records: answers[type] ?? [], authenticated, rcode: 'NOERROR' }),
  };
}

const zone = async (answers: Partial<Record<RawType, unknown[]>>, authenticated = false) =>
  (await checkDnssec({ domain, hostname: `smtp.${domain}`, dns: standIn(answers, authenticated), ips: { v4: [], v6: [], source: 'test' }, ports: STANDARD_PORTS, timeoutMs: 1000 }))[0]!;

test('signed with a DS that matches a DNSKEY: ok, and says whether the resolver validated', async () => {
  expect(await zone({ DNSKEY: [key], DS: [ds] }, true)).toMatchObject({ id: 'dnssec.zone', status: 'ok', details: expect.stringMatching(/DS key tag 60485 .* validated by stand-in$/) });
  expect((await zone({ DNSKEY: [key], DS: [ds] })).details).toContain('not validated by stand-in');
});

test('signed without DS: warn with the exact DS line for the registrar', async () => {
  expect(await zone({ DNSKEY: [key] })).toMatchObject({ status: 'warn', fix: expect.stringMatching(/^Add the DS record at your registrar: dskey\.example\.com\. DS 60485 5 2 [0-9A-F]{64}$/) });
});

test('a DS matching no key, or DS without any key: fail (every name of the domain fails to validate)', async () => {
  expect(await zone({ DNSKEY: [key], DS: [{ ...ds, digest: Buffer.alloc(20, 1) }] })).toMatchObject({ status: 'fail', details: expect.stringContaining('matches none'), fix: expect.stringContaining('DS 60485 5 2') });
  expect(await zone({ DS: [ds] })).toMatchObject({ status: 'fail', details: expect.stringContaining('no DNSKEY') });
  expect(await zone({})).toMatchObject({ status: 'ok', details: expect.stringMatching(/^not signed/) });
});

/** A validating resolver's view of a zone whose chain fails: SERVFAIL, except with CD. */
function validating(answers: Partial<Record<RawType, unknown[]>>): DnsResolver {
  const base = standIn(answers);
  return {
    ...base, via: 'validator',
    raw: async (name: string, type: RawType, opts?: RawOptions) => {
      if (type === 'DNSKEY' && !opts?.checkingDisabled) throw new DnsQueryError(type, name, 'ESERVFAIL', 'validator', 2);
      return base.raw!(name, type, opts);
    },
  };
}
const bogusZone = async (answers: Partial<Record<RawType, unknown[]>>) =>
  (await checkDnssec({ domain, hostname: `smtp.${domain}`, dns: validating(answers), ips: { v4: [], v6: [], source: 'test' }, ports: STANDARD_PORTS, timeoutMs: 1000 }))[0]!;

test('a validating resolver answering SERVFAIL: the keys are read with CD and the broken link named, not "could not check"', async () => {
  expect(await bogusZone({ DNSKEY: [key], DS: [{ ...ds, digest: Buffer.alloc(20, 1) }] })).toMatchObject({
    status: 'fail', details: expect.stringMatching(/matches none of the zone's DNSKEYs \(60485\).*\(validator does: SERVFAIL\)$/), fix: expect.stringContaining('Replace the DS record at your registrar with dskey.example.com. DS 60485 5 2 '),
  });
  expect(await bogusZone({ DNSKEY: [key], DS: [ds] })).toMatchObject({ status: 'fail', details: expect.stringContaining('validator fails to validate the zone (SERVFAIL)'), fix: expect.stringContaining('sign dskey.example.com again') });
  // SERVFAIL with CD too: nothing is known, which is "could not check".
  expect(await bogusZone({ DS: [ds] })).toMatchObject({ status: 'fail', details: expect.stringMatching(/^could not check: .*SERVFAIL/) });
});
