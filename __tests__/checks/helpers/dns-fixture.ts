// The checks' DNS world, served by a real bind9 on loopback: a domain set up
// right (good.test), one set up wrong in every way (bad.test), SPF edge cases,
// reverse zones for the documentation addresses the "server" has, and two
// blocklist zones. Only DNS data names 192.0.2.x / 2001:db8::x; no packet
// goes there.
import { createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { ptrName } from '../../../src/dns/ip.js';
import { quoteTxt } from '../../../src/dns/txt.js';
import { startNamed, type RunningNamed } from '../../dns/named.js';

export const GOOD = { domain: 'good.test', hostname: 'smtp.good.test', v4: '192.0.2.10', v6: '2001:db8::10' };
export const BAD = { domain: 'bad.test', hostname: 'smtp.bad.test', v4: '192.0.2.20', v6: '2001:db8::20' };
export const LISTED_IP = '192.0.2.30'; // on ip.bl.test
export const REFUSED_IP = '192.0.2.31'; // ip.bl.test answers 127.255.255.254 (public resolver refused)
export const SELECTOR = 'sel1';

export interface DnsFixture {
  named: RunningNamed;
  server: string;
  dkimKey: KeyObject; // private key whose public half good.test publishes
  otherKey: KeyObject; // a key no record names
  stop(): Promise<void>;
}

const spki = (key: KeyObject) =>
  (key.type === 'public' ? key : createPublicKey(key)).export({ format: 'der', type: 'spki' }).toString('base64');

/** A /64 reverse zone holding the PTR of `ip` (2001:db8::/64). */
const v6ReverseZone = (ip: string) => ptrName(ip).split('.').slice(16).join('.');
const v6Label = (ip: string) => ptrName(ip).split('.').slice(0, 16).join('.');

export async function startDnsFixture(): Promise<DnsFixture> {
  const { privateKey: dkimKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const { privateKey: otherKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const dkim = quoteTxt(`v=DKIM1; k=rsa; p=${spki(publicKey)}`);
  // 11 includes of records with one `a` each: 22 lookups.
  const manyIncludes = Array.from({ length: 11 }, (_, i) => `include:s${i}.many.test`).join(' ');
  const zones: Record<string, string> = {
    'good.test': [
      `smtp IN A ${GOOD.v4}`,
      `smtp IN AAAA ${GOOD.v6}`,
      `smtp IN TXT "v=spf1 ip4:${GOOD.v4} ip6:${GOOD.v6} -all"`,
      `@ IN CAA 0 issue "letsencrypt.org"`,
      `@ IN MX 10 smtp.good.test.`,
      `@ IN TXT "v=spf1 mx include:_spf.good.test -all"`,
      `_spf IN TXT "v=spf1 ip4:${GOOD.v4} ip6:${GOOD.v6} -all"`,
      `${SELECTOR}._domainkey IN TXT ${dkim}`,
      `_dmarc IN TXT "v=DMARC1; p=quarantine; fo=1; rua=mailto:dmarc@good.test"`,
    ].join('\n'),
    'bad.test': [
      `smtp IN A 192.0.2.99`,
      `@ IN MX 10 mx.elsewhere.test.`,
      `@ IN TXT "v=spf1 ip4:${BAD.v4} ~all"`,
      `${SELECTOR}._domainkey IN TXT ${quoteTxt(`v=DKIM1; k=rsa; p=${spki(otherKey)}`)}`,
      `_dmarc IN TXT "v=DMARC1; p=none; rua=mailto:dmarc@bad.test"`,
    ].join('\n'),
    'two.test': [`@ IN TXT "v=spf1 ip4:${GOOD.v4} -all"`, `@ IN TXT "v=spf1 a -all"`, `_dmarc IN TXT "v=DMARC1; p=maybe"`].join('\n'),
    'many.test': [
      `@ IN TXT "v=spf1 ${manyIncludes} -all"`,
      ...Array.from({ length: 11 }, (_, i) => `s${i} IN TXT "v=spf1 a:h${i}.many.test ~all"`),
    ].join('\n'),
    '2.0.192.in-addr.arpa': [
      `10 IN PTR smtp.good.test.`,
      `20 IN PTR vmi020.provider.test.`,
    ].join('\n'),
    [v6ReverseZone(GOOD.v6)]: [
      `${v6Label(GOOD.v6)} IN PTR smtp.good.test.`,
      `${v6Label(BAD.v6)} IN PTR smtp.bad.test.`,
    ].join('\n'),
    'ip.bl.test': [`30.2.0.192 IN A 127.0.0.2`, `31.2.0.192 IN A 127.255.255.254`].join('\n'),
    'dom.bl.test': [`bad.test IN A 127.0.1.2`].join('\n'),
  };
  const named = await startNamed(zones);
  return { named, server: named.server, dkimKey, otherKey, stop: () => named.stop() };
}
