// Idempotent config edits: each applied twice equals applied once.
import { describe, expect, test } from '@jest/globals';
import { ensureBlock, ensureLine, setKey, uncommentLines } from '../../src/remote/edits.js';

describe('ensureLine', () => {
  test('appends once, keeps an existing line, adds the missing final newline', () => {
    expect(ensureLine('a\nb\n', 'c')).toBe('a\nb\nc\n');
    expect(ensureLine('a\nc\n', 'c')).toBe('a\nc\n');
    expect(ensureLine('a', 'c')).toBe('a\nc\n');
    expect(ensureLine('', 'c')).toBe('c\n');
    const once = ensureLine('x\n', 'y');
    expect(ensureLine(once, 'y')).toBe(once);
  });
});

describe('setKey (sysctl style)', () => {
  const key = 'net.ipv6.conf.all.disable_ipv6';
  test('replaces an active line, whatever its spacing', () => {
    expect(setKey(`a = 1\n${key}=1\nb = 2\n`, key, '0')).toBe(`a = 1\n${key} = 0\nb = 2\n`);
  });
  test('uncomments a commented setting instead of appending', () => {
    expect(setKey(`# ${key} = 1\nother = 3\n`, key, '0')).toBe(`${key} = 0\nother = 3\n`);
    expect(setKey(`;${key}=1\n`, key, '0')).toBe(`${key} = 0\n`);
  });
  test('appends when absent', () => {
    expect(setKey('a = 1\n', key, '0')).toBe(`a = 1\n${key} = 0\n`);
    expect(setKey('', key, '0')).toBe(`${key} = 0\n`);
  });
  test('never duplicates: later active duplicates are dropped (they would win)', () => {
    expect(setKey(`${key} = 1\nx = 1\n${key} = 1\n`, key, '0')).toBe(`${key} = 0\nx = 1\n`);
  });
  test('leaves prose comments that merely mention the key', () => {
    const text = `# ${key} is managed by the provider\n`;
    expect(setKey(text, key, '0')).toBe(`${text}${key} = 0\n`);
  });
  test('does not match a longer key with the same prefix', () => {
    expect(setKey('net.ipv6.conf.all.disable_ipv6_extra = 1\n', key, '0')).toBe(
      `net.ipv6.conf.all.disable_ipv6_extra = 1\n${key} = 0\n`,
    );
  });
  test('idempotent, and other separators work', () => {
    const once = setKey('# hostname: x\n', 'hostname', '"mail.example.com"', { separator: ': ' });
    expect(once).toBe('hostname: "mail.example.com"\n');
    expect(setKey(once, 'hostname', '"mail.example.com"', { separator: ': ' })).toBe(once);
  });
  test('keys with regex characters are literal', () => {
    expect(setKey('a.b = 1\naxb = 2\n', 'a.b', '3')).toBe('a.b = 3\naxb = 2\n');
  });
});

describe('uncommentLines (netplan IPv6)', () => {
  const netplan = [
    'network:',
    '  version: 2',
    '  ethernets:',
    '    eth0:',
    '      addresses:',
    '      - 203.0.113.5/24',
    '      #- 2001:db8:1234::1/64',
    '#      - 2001:db8:5678::1/64',
    '      # comment about the gateway',
    '',
  ].join('\n');
  const isIpv6 = (content: string) => /^- [0-9a-f:]+\/\d+$/i.test(content) || /^-[0-9a-f:]+\/\d+$/i.test(content);
  test('uncomments the matching lines and keeps YAML indentation', () => {
    const out = uncommentLines(netplan, (c) => isIpv6(c));
    expect(out.split('\n')[6]).toBe('      - 2001:db8:1234::1/64');
    expect(out.split('\n')[7]).toBe('      - 2001:db8:5678::1/64');
    expect(out.split('\n')[8]).toBe('      # comment about the gateway');
    expect(uncommentLines(out, isIpv6)).toBe(out);
  });
});

describe('ensureBlock', () => {
  test('appends a marked block once and replaces it in place later', () => {
    const first = ensureBlock('keep me\n', 'dkim', 'a\nb\n');
    expect(first).toBe('keep me\n# BEGIN mailsetup dkim\na\nb\n# END mailsetup dkim\n');
    expect(ensureBlock(first, 'dkim', 'a\nb\n')).toBe(first);
    const changed = ensureBlock(`${first}after\n`, 'dkim', 'c\n');
    expect(changed).toBe('keep me\n# BEGIN mailsetup dkim\nc\n# END mailsetup dkim\nafter\n');
  });
  test('other comment leaders', () => {
    expect(ensureBlock('', 'x', 'v', { comment: '//' })).toBe('// BEGIN mailsetup x\nv\n// END mailsetup x\n');
  });
});
