// The pure pieces the steps are made of: each must give the same text when
// applied twice, so a rerun writes nothing.
import { setAlias, removeAlias, aliasTargets } from '../../src/server/aliases.js';
import { getConfValues, setConfValue } from '../../src/server/conf.js';
import { wantedConf } from '../../src/tasks/chasquid.js';
import { isIpv6Line } from '../../src/tasks/netplan.js';
import { ipv6On } from '../../src/tasks/sysctl-ipv6.js';
import { reverseZoneOf } from '../../src/tasks/dns-publish.js';
import { keep } from '../../src/server/backup-scope.js';
import { envFileBody } from '../../src/tasks/dns-credentials.js';
import { splitTarget } from '../../src/checks/outbound.js';
import { uncommentLines } from '../../src/remote/edits.js';

const DEBIAN_CONF = '# Default hostname to use when saying hello.\n#hostname: "mx.example.com"\n\n#smtp_address: "systemd"\n#smtp_address: ":25"\n';

describe('chasquid.conf', () => {
  test('hostname goes under its commented default, once', () => {
    const once = setConfValue(DEBIAN_CONF, 'hostname', 'smtp.example.com');
    expect(once).toContain('#hostname: "mx.example.com"\nhostname: "smtp.example.com"\n');
    expect(setConfValue(once, 'hostname', 'smtp.example.com')).toBe(once);
    expect(getConfValues(once, 'hostname')).toEqual(['smtp.example.com']);
  });
  test('listeners are set only when the package has no socket units', () => {
    expect(wantedConf(DEBIAN_CONF, 'h.example', ['chasquid-smtp.socket'])).not.toMatch(/^smtp_address/m);
    const own = wantedConf(DEBIAN_CONF, 'h.example', []);
    expect(getConfValues(own, 'submission_over_tls_address')).toEqual([':465']);
    expect(wantedConf(own, 'h.example', [])).toBe(own);
  });
});

describe('aliases', () => {
  test('catch-all and per-user lines, set once, others kept', () => {
    const start = '# mine\npostmaster: root\n';
    let text = setAlias(start, 'i', 'me@gmail.com');
    text = setAlias(text, '*', 'me@gmail.com');
    expect(text).toBe('# mine\npostmaster: root\ni: me@gmail.com\n*: me@gmail.com\n');
    expect(setAlias(setAlias(text, 'i', 'me@gmail.com'), '*', 'me@gmail.com')).toBe(text);
    expect(aliasTargets(text, '*')).toBe('me@gmail.com');
    expect(removeAlias(setAlias(text, 'proof', '| /x'), 'proof')).toBe(text);
  });
});

describe('IPv6 edits', () => {
  const netplan = '      addresses:\n        - 10.0.0.2/24\n        #- 2001:db8::2/64\n      gateway4: 10.0.0.1\n      #gateway6: fe80::1\n      # a comment: keep\n';
  test('the commented IPv6 address and gateway are enabled, nothing else', () => {
    const out = uncommentLines(netplan, isIpv6Line);
    expect(out).toBe('      addresses:\n        - 10.0.0.2/24\n        - 2001:db8::2/64\n      gateway4: 10.0.0.1\n      gateway6: fe80::1\n      # a comment: keep\n');
    expect(uncommentLines(out, isIpv6Line)).toBe(out);
  });
  test('sysctl lines are set, never duplicated', () => {
    const conf = '#net.ipv6.conf.all.disable_ipv6 = 1\nnet.ipv6.conf.all.disable_ipv6 = 1\nnet.ipv6.conf.default.disable_ipv6=1\n';
    const out = ipv6On(conf);
    expect(out.match(/net\.ipv6\.conf\.all\.disable_ipv6 = 0/g)).toHaveLength(1);
    expect(out).toContain('net.ipv6.conf.lo.disable_ipv6 = 0');
    expect(ipv6On(out)).toBe(out);
  });
});

test('reverse zones of PTR names', () => {
  expect(reverseZoneOf('12.0.77.10.in-addr.arpa')).toBe('0.77.10.in-addr.arpa');
  const v6 = '2.1.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.2.6.1.6.c.6.d.6.d.f.ip6.arpa';
  expect(reverseZoneOf(v6)).toBe('0.0.2.6.1.6.c.6.d.6.d.f.ip6.arpa');
});

test('the backup leaves private keys and mailsetup backups out', () => {
  expect(keep('/etc/chasquid/chasquid.conf', false)).toBe(true);
  expect(keep('/etc/chasquid/certs/smtp.x/privkey.pem', true)).toBe(false);
  expect(keep('/etc/chasquid/domains/x/dkim:sel.pem', false)).toBe(false);
  expect(keep('/etc/chasquid/domains/x/dkim:sel.pem', true)).toBe(true);
  expect(keep('/etc/chasquid/certs/x/dkim_privkey.pem', false)).toBe(false);
  expect(keep('/etc/chasquid/chasquid.conf.mailsetup-20260101T000000.bak', false)).toBe(false);
});

test('credentials become quoted shell assignments (stdin / 0600 file, never argv)', () => {
  expect(envFileBody({ CF_Token: "a'b $x" })).toBe("CF_Token='a'\\''b $x'\n");
  expect(() => envFileBody({ 'BAD NAME': 'x' })).toThrow(/variable name/);
});

test('outbound targets', () => {
  expect(splitTarget('10.0.0.1:2525')).toEqual({ host: '10.0.0.1', port: 2525 });
  expect(splitTarget('[2001:db8::1]')).toEqual({ host: '2001:db8::1', port: 25 });
  expect(splitTarget('mx.example.com')).toEqual({ host: 'mx.example.com', port: 25 });
});
