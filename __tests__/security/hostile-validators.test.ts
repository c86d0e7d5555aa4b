// Hostile values at the prompt validators: every one must be refused with a
// reason, because a refused value can never reach a shell, a config file or
// a DNS record. The accepted lists prove the validators are not just
// refusing everything.
import { describe, expect, test } from '@jest/globals';
import {
  validateDomain,
  validateEmail,
  validateHostAddress,
  validatePort,
  validateSelector,
  validateUser,
} from '../../src/state/validate.js';
import { hostile } from './helpers/hostile.js';

const HOSTILE_DOMAINS: Array<[string, RegExp]> = hostile('domains', [
  ['example.com; touch /tmp/mailsetup-canary', /spaces or control/],
  ['$(touch /tmp/mailsetup-canary).example.com', /spaces/],
  ['$(id).example.com', /label/],
  ['`touch /tmp/mailsetup-canary`.example.com', /spaces/],
  ['`id`.example.com', /label/],
  ["ex'ample.com", /label/],
  ['ex"ample.com', /label/],
  ['example.com|id', /label/],
  ['example.com&&id', /label/],
  ['example.com\n', /control/],
  ['example.com\nMX 10 evil.test', /control/],
  ['example.com\r', /control/],
  ['exa mple.com', /spaces/],
  ['\texample.com', /control/],
  ['example.com\u0000', /control/],
  [`${'a'.repeat(64)}.com`, /at most 63/],
  [`${Array.from({ length: 5 }, () => 'a'.repeat(60)).join('.')}.com`, /at most 253/],
  ['exаmple.com', /punycode/], // Cyrillic а
  ['раураl.com', /punycode/], // all Cyrillic look-alike
  ['example.com\u200b', /punycode/], // zero-width space
  ['ｅxample.com', /punycode/], // full-width e
  ['-example.com', /label/],
  ['example-.com', /label/],
  ['ex_ample.com', /label/],
  ['example..com', /empty label/],
  ['.example.com', /empty label/],
  ['*.example.com', /label/],
  ['example.com/evil', /label/],
  ['localhost', /two labels/],
  ['203.0.113.7', /number/],
  ['', /empty/],
]);

const GOOD_DOMAINS = ['example.com', 'Example.COM', 'example.com.', 'xn--80ak6aa92e.com', `${'a'.repeat(63)}.com`, 'mail-1.example.co.uk'];

describe('domains and host names', () => {
  test.each(HOSTILE_DOMAINS)('refuses %j', (value, reason) => {
    const error = validateDomain(value);
    expect(error).not.toBeNull();
    expect(error).toMatch(reason);
  });

  test.each(GOOD_DOMAINS)('accepts %j', (value) => {
    expect(validateDomain(value)).toBeNull();
  });
});

// Addresses end up in chasquid's aliases and users files, DMARC records and
// command lines: quotes, commas, spaces and line breaks would each split or
// extend a line there.
const HOSTILE_EMAILS = hostile('email addresses', [
  '"a b"@example.com',
  'a,b@example.com',
  'me@example.com, evil@attacker.test',
  "o'brien@example.com",
  'a`id`@example.com',
  '$(id)@example.com',
  'a@b@example.com',
  'me@example.com\nroot: evil@attacker.test',
  'me\n@example.com',
  ' me@example.com',
  'me@example.com ',
  'me @example.com',
  'me@exаmple.com', // Cyrillic а in the domain
  'me@[127.0.0.1]',
  'me@localhost',
  '@example.com',
  'me@',
  'a..b@example.com',
  '.me@example.com',
  `${'a'.repeat(65)}@example.com`,
  'me:evil@example.com',
  'me;evil@example.com',
  // chasquid runs an alias whose target starts with "|" as a command (pipe alias).
  '|/usr/bin/touch@example.com',
  '|touch@example.com',
  // A leading dash reads as an option to any tool that gets the address as an argument.
  '-oProxyCommand=x@example.com',
]);

const GOOD_EMAILS = ['me@example.com', 'first.last+tag@example.com', 'postmaster@xn--80ak6aa92e.com', 'a_b-c@mail.example.co.uk'];

describe('email addresses', () => {
  test.each(HOSTILE_EMAILS)('refuses %j', (value) => {
    expect(validateEmail(value)).not.toBeNull();
  });

  test.each(GOOD_EMAILS)('accepts %j', (value) => {
    expect(validateEmail(value)).toBeNull();
  });
});

describe('ports, selectors, users and host addresses', () => {
  test.each(hostile('ports', ['0', '65536', '99999', '-1', '22.5', '0x16', '22 ', ' 22', '', '1e3', '22;id']))('port %j is refused', (value) => {
    expect(validatePort(value)).toMatch(/port/);
  });
  test.each(['1', '22', '2222', '65535'])('port %j is accepted', (value) => {
    expect(validatePort(value)).toBeNull();
  });

  test.each(hostile('selectors', ['mail;id', 'a b', 'sel.ector', '$(id)', '-sel', `${'s'.repeat(64)}`, '', 'sel\n']))('selector %j is refused', (value) => {
    expect(validateSelector(value)).not.toBeNull();
  });

  test.each(hostile('login users', ['root;id', '$(id)', 'a b', '-oProxyCommand', 'user\n', '', 'u'.repeat(33)]))('login user %j is refused', (value) => {
    expect(validateUser(value)).not.toBeNull();
  });

  test.each(hostile('host addresses', ['203.0.113.7;id', '$(id)', 'host name', '-oProxyCommand=x', '256.1.1.1', 'fe80::1%eth0', 'host\n', '`id`']))(
    'host address %j is refused',
    (value) => {
      expect(validateHostAddress(value)).not.toBeNull();
    },
  );
});
