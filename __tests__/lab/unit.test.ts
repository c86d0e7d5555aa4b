// Pure parts of the lab: names, addresses and generated files.
import { jest } from '@jest/globals';
import { blocklistName, reverseName } from '../../src/lab/addr.js';
import { labConfig, parseOsList, vpsIpv6 } from '../../src/lab/config.js';
import { reverseZone } from '../../src/lab/addr.js';
import { nftRules } from '../../src/lab/network.js';
import { netplanYaml } from '../../src/lab/vps-files.js';
import { labZones, zoneText } from '../../src/lab/dns-zones.js';
import { runLabCommand } from '../../src/lab/index.js';
import { existsSync } from 'node:fs';
import { execa } from 'execa';

const cfg = labConfig({ instance: 0, stateDir: '/tmp/lab-unit' });

test('reverse names for IPv4 and IPv6', () => {
  expect(reverseName('10.77.0.12')).toBe('12.0.77.10.in-addr.arpa');
  expect(reverseName('fd6d:6c61:6200::12')).toBe('2.1.0.0' + '.0'.repeat(16) + '.0.0.2.6.1.6.c.6.d.6.d.f.ip6.arpa');
  expect(reverseZone('fd6d:6c61:6200::12')).toBe('0.0.0.0.0.0.2.6.1.6.c.6.d.6.d.f.ip6.arpa');
  expect(blocklistName('10.77.0.12', 'bl.test')).toBe('12.0.77.10.bl.test');
});

test('instances get their own subnet, bridge and state dir', () => {
  const one = labConfig({ instance: 1 });
  expect(one.bridge).toBe('mslab1');
  expect(one.hostIpv4).toBe('10.77.1.1');
  expect(one.stateDir).toBe('/var/lib/mailsetup-lab-1');
  expect(vpsIpv6(one, 'debian13')).toBe('fd6d:6c61:6201::13');
  expect(() => labConfig({ instance: 16 })).toThrow();
});

test('--os parsing', () => {
  expect(parseOsList(undefined)).toEqual(['debian12', 'debian13']);
  expect(parseOsList('debian13')).toEqual(['debian13']);
  expect(() => parseOsList('ubuntu')).toThrow(/unknown --os/);
});

test('netplan file: IPv4 live, IPv6 lines commented out as the provider ships them', () => {
  const y = netplanYaml(cfg, 'debian12');
  expect(y).toContain('        - 10.77.0.12/24\n');
  expect(y).toContain('        #- fd6d:6c61:6200::12/64\n');
  expect(y).toContain('      #gateway6: fd6d:6c61:6200::1\n');
});

test('NAT forwards only to the mirror', () => {
  const rules = nftRules(cfg, ['203.0.113.80']);
  expect(rules).toContain('ip daddr { 203.0.113.80 } tcp dport { 80, 443 } accept');
  expect(rules).toContain('iifname "mslab0" oifname != "mslab0" drop');
  expect(rules).toContain('ip saddr 10.77.0.0/24 oifname != "mslab0" masquerade');
});

test('zones: provider zone is read-only, the others take TSIG updates', () => {
  const zones = labZones(cfg);
  expect(zones.filter((z) => !z.updatable).map((z) => z.name)).toEqual(['provider.test']);
  const inbox = zoneText(zones.find((z) => z.name === 'inbox.test')!);
  expect(inbox).toContain('inbox.test. IN MX 10 mx.inbox.test.');
});

test('unknown lab command exits 2', async () => {
  const err = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
  try {
    expect(await runLabCommand(['lab', 'frobnicate'])).toBe(2);
  } finally {
    err.mockRestore();
  }
});

test('lab --help and lab -h print the usage (with the instance variable) and exit 0', async () => {
  for (const flag of ['--help', '-h']) {
    let out = '';
    const write = jest.spyOn(process.stdout, 'write').mockImplementation((chunk) => ((out += String(chunk)), true));
    try {
      expect(await runLabCommand(['lab', flag])).toBe(0);
    } finally {
      write.mockRestore();
    }
    expect(out).toMatch(/^usage: mailsetup lab <command>/);
    expect(out).toContain('MAILSETUP_LAB_INSTANCE=N');
  }
});

// Not root: a clear message and exit 2 (run as nobody, on the built lab).
const built = new URL('../../dist/lab/index.js', import.meta.url);
const asNobody = process.getuid?.() === 0 && existsSync(built) ? test : test.skip;
asNobody('lab up as a normal user says it needs root and exits 2', async () => {
  const r = await execa(
    'runuser',
    ['-u', 'nobody', '--', process.execPath, '--input-type=module', '-e',
      `const m = await import(${JSON.stringify(built.href)}); process.exit(await m.runLabCommand(['lab', 'up']));`],
    { reject: false },
  );
  expect(r.exitCode).toBe(2);
  expect(r.stderr).toContain('the lab needs root');
});

test('instances 10 to 15 get a /64 of their own (one hex digit) and nothing past 15 is accepted', () => {
  const eleven = labConfig({ instance: 11, stateDir: '/tmp/x' });
  expect(eleven.ipv6Prefix).toBe('fd6d:6c61:620b:');
  expect(eleven.ipv4Prefix).toBe('10.77.11');
  expect(eleven.bridge).toBe('mslab11');
  expect(labConfig({ instance: 1, stateDir: '/tmp/x' }).ipv6Prefix).toBe('fd6d:6c61:6201:');
  expect(() => labConfig({ instance: 16 })).toThrow(/0\.\.15/);
});
