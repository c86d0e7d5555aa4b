// Reading the server's firewall: which of 25, 465, 587 ufw, firewalld or
// nftables rules keep closed. Inputs are what the tools print.
import { describe, expect, test } from '@jest/globals';
import { firewalldClosed, nftClosed, openCommand, portListHas, ufwClosed } from '../../src/checks/firewall.js';

const UFW_SSH_ONLY = `Status: active
Logging: on (low)
Default: deny (incoming), allow (outgoing), deny (routed)
New profiles: skip

To                         Action      From
--                         ------      ----
22/tcp                     ALLOW IN    Anywhere
22/tcp (v6)                ALLOW IN    Anywhere (v6)
`;

describe('ufw', () => {
  test('only SSH allowed: all three closed', () => {
    expect(ufwClosed(UFW_SSH_ONLY)).toEqual([25, 465, 587]);
  });
  test('a port allowed for IPv4 only is still closed (IPv6 is managed)', () => {
    expect(ufwClosed(UFW_SSH_ONLY + '25/tcp   ALLOW IN   Anywhere\n465,587/tcp ALLOW IN Anywhere\n465,587/tcp (v6) ALLOW IN Anywhere (v6)\n')).toEqual([25]);
  });
  test('inactive, or default allow: nothing closed', () => {
    expect(ufwClosed('Status: inactive\n')).toEqual([]);
    expect(ufwClosed(UFW_SSH_ONLY.replace('deny (incoming)', 'allow (incoming)'))).toEqual([]);
  });
  test('DENY rules and ranges', () => {
    expect(ufwClosed(UFW_SSH_ONLY + '587/tcp DENY IN Anywhere\n20:600/tcp ALLOW IN Anywhere\n20:600/tcp (v6) ALLOW IN Anywhere (v6)\n')).toEqual([587]);
    expect(ufwClosed(UFW_SSH_ONLY + '20:600/tcp LIMIT IN Anywhere\n20:600/tcp (v6) ALLOW IN Anywhere (v6)\n587/tcp DENY IN Anywhere\n')).toEqual([]);
  });
});

test('firewalld: ports and services', () => {
  expect(firewalldClosed('', 'ssh dhcpv6-client')).toEqual([25, 465, 587]);
  expect(firewalldClosed('587/tcp 465/udp', 'smtp')).toEqual([465]);
});

describe('nftables', () => {
  const ruleset = (rules: string, policy = 'drop') => `table inet filter {
\tchain input {
\t\ttype filter hook input priority filter; policy ${policy};
\t\tct state established,related accept
\t\ttcp dport 22 accept
${rules}\t}
\tchain forward {
\t\ttype filter hook forward priority filter; policy drop;
\t}
}
`;
  test('policy drop with only SSH accepted', () => {
    expect(nftClosed(ruleset(''))).toEqual({ closed: [25, 465, 587], chain: 'inet filter input' });
  });
  test('a set accepting them, or policy accept: nothing closed', () => {
    expect(nftClosed(ruleset('\t\ttcp dport { 25, 465, 587 } accept\n'))).toEqual({ closed: [] });
    expect(nftClosed(ruleset('', 'accept'))).toEqual({ closed: [] });
    expect(nftClosed('')).toEqual({ closed: [] });
  });
  test('a drop rule for the port is no accept', () => {
    expect(nftClosed(ruleset('\t\ttcp dport 25 drop\n\t\ttcp dport 465-587 accept\n')).closed).toEqual([25]);
  });
});

test('port lists as firewalls print them', () => {
  expect(portListHas('25', 25)).toBe(true);
  expect(portListHas('{ 25, 465 }', 465)).toBe(true);
  expect(portListHas('400-500', 465)).toBe(true);
  expect(portListHas('400:460', 465)).toBe(false);
});

test('the fix names the exact command', () => {
  expect(openCommand({ tool: 'ufw', closed: [465] }, [465])).toBe('ufw allow 465/tcp');
  expect(openCommand({ tool: 'firewalld', closed: [25, 587] }, [25, 587])).toBe('firewall-cmd --permanent --add-port=25/tcp --add-port=587/tcp && firewall-cmd --reload');
});
