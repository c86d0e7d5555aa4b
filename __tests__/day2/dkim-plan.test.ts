import { describeRotation, pickSelector } from '../../src/day2/dkim-plan.js';

describe('DKIM rotation plan', () => {
  const day = new Date('2026-11-28T10:00:00Z');

  test('a new date-based selector, never the one in use', () => {
    expect(pickSelector(['ms20250101'], undefined, day)).toBe('ms20261128');
    expect(pickSelector(['ms20261128'], undefined, day)).toBe('ms20261128x2');
    expect(pickSelector(['ms20261128', 'ms20261128x2'], undefined, day)).toBe('ms20261128x3');
  });

  test('--selector must be a new DNS label', () => {
    expect(pickSelector(['a'], 'b2025')).toBe('b2025');
    expect(() => pickSelector(['a'], 'a')).toThrow(/in use now/);
    expect(() => pickSelector([], 'bad_label')).toThrow(/--selector bad_label must be one DNS label/);
  });

  test('the plan says the old key goes only after DNS shows the new record', () => {
    const text = describeRotation('example.com', ['ms1'], 'ms2', 'native', 'manual').join('\n');
    expect(text).toMatch(/ms1 -> ms2/);
    expect(text).toMatch(/once DNS shows it: .*delete the old key file/);
    expect(text).toMatch(/mailsetup waits until DNS has it/);
    expect(text).toMatch(/old record stays in DNS/);
  });

  test('the plan names who publishes: the provider by its title, or your DNS server for RFC 2136', () => {
    expect(describeRotation('example.com', ['ms1'], 'ms2', 'native', 'powerdns').join('\n')).toContain('publish TXT ms2._domainkey.example.com through PowerDNS (HTTP API)');
    expect(describeRotation('example.com', ['ms1'], 'ms2', 'native', 'rfc2136').join('\n')).toContain('through your DNS server (RFC 2136)');
  });
});
