// The signed lab's configuration as text (no lab needed): which zones named
// signs and how, the parent zone's cuts, the trust anchor read off dig, and
// the validating resolver's options. The chain itself is proven on a running
// lab in __tests__/checks/lab-dnssec.test.ts.
import { labConfig } from '../../src/lab/config.js';
import { namedConf } from '../../src/lab/dns.js';
import { parentZone, signedZones } from '../../src/lab/dnssec-zones.js';
import { resolverConf, trustAnchors } from '../../src/lab/dnssec.js';

const cfg = labConfig({ instance: 15, stateDir: '/tmp/mailsetup-lab-probe' });
const zoneLine = (conf: string, zone: string) => conf.split('\n').find((l) => l.startsWith(`zone "${zone}" `)) ?? '';

test('unsigned (the default): no policy, no test. zone, no key directory', () => {
  const conf = namedConf(cfg, '/k');
  expect(conf).not.toMatch(/dnssec-policy|key-directory|inline-signing/);
  expect(zoneLine(conf, 'test')).toBe('');
});

test('signed: test. and the mail domains are signed inline by named\'s own keys; the other zones stay unsigned', () => {
  const conf = namedConf(cfg, '/k', true);
  expect(signedZones()).toEqual(['test', 'example.test', 'example13.test']);
  for (const z of signedZones()) expect(zoneLine(conf, z)).toContain('dnssec-policy "mailsetup-lab"; inline-signing yes;');
  for (const z of ['inbox.test', 'provider.test', 'bl.test', '15.77.10.in-addr.arpa']) expect(zoneLine(conf, z)).not.toContain('dnssec-policy');
  expect(conf).toContain('key-directory "/tmp/mailsetup-lab-probe/dns/keys";');
  expect(conf).toMatch(/dnssec-policy "mailsetup-lab" \{\n {2}keys \{ csk lifetime unlimited algorithm ecdsap256sha256; \};/);
});

test('test. cuts every lab zone under it (NS, with ns1.example.test\'s glue); the reverse zones are not its children', () => {
  const z = parentZone(cfg);
  expect(z).toMatchObject({ name: 'test', updatable: true });
  expect(z.records).toEqual([
    'example.test. IN NS ns1.example.test.',
    'example13.test. IN NS ns1.example.test.',
    'inbox.test. IN NS ns1.example.test.',
    'provider.test. IN NS ns1.example.test.',
    'bl.test. IN NS ns1.example.test.',
    'ns1.example.test. IN A 10.77.15.1',
    'ns1.example.test. IN AAAA fd6d:6c61:620f::1',
  ]);
});

test('the trust anchor is the key-signing key of dig\'s answer, its base64 joined; an answer without one is refused', () => {
  const answer = [
    'test.\t\t60\tIN\tDNSKEY\t256 3 13 zskzsk',
    'test.\t\t60\tIN\tDNSKEY\t257 3 13 R6r5ZIuT3g4XdvoWPfKS1xpfN+g9y7xuYf7izkNyj3nc6sy+UA1rwdQb UxPiqKUpISPqkxXTqOsM0HD/v8v1uQ==',
  ].join('\n');
  expect(trustAnchors(answer)).toBe('trust-anchors {\n  "test." static-key 257 3 13 "R6r5ZIuT3g4XdvoWPfKS1xpfN+g9y7xuYf7izkNyj3nc6sy+UA1rwdQbUxPiqKUpISPqkxXTqOsM0HD/v8v1uQ==";\n};\n');
  expect(() => trustAnchors('test.\t60\tIN\tDNSKEY\t256 3 13 zskzsk')).toThrow(/no key-signing key/);
});

test('the resolver validates with that anchor only, asks the lab DNS for everything, and caches nothing', () => {
  const conf = resolverConf(cfg, 'trust-anchors { "test." static-key 257 3 13 "K"; };\n');
  for (const line of [
    'listen-on port 53 { 10.77.15.2; };', 'listen-on-v6 port 53 { fd6d:6c61:620f::2; };', 'recursion yes;', 'dnssec-validation yes;',
    'max-cache-ttl 0;', 'max-ncache-ttl 0;', 'synth-from-dnssec no;', 'empty-zones-enable no;',
    'trust-anchors { "test." static-key 257 3 13 "K"; };', 'zone "." { type static-stub; server-addresses { 10.77.15.1; }; };',
  ]) expect(conf).toContain(line);
});
