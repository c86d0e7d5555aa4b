// The users file mailsetup writes must be chasquid's own format (the lab
// test proves chasquid accepts it); here: parsing, hashing, idempotence.
import { escapeBytes, hashPassword, parseUsers, passwordMatches, renderUser, unescapeBytes, withoutUsers, withUsers } from '../../src/server/userdb.js';

// Written by chasquid-util 1.11 (password "secret123"): raw UTF-8 and \x escapes mixed.
const FROM_CHASQUID_UTIL = `users: {
  key: "u"
  value: {
    scrypt: {
      logN: 14
      r: 8
      p: 1
      keyLen: 32
      salt: "\\x0b\\xd0>\\xc2n\\xf2\\xa5\\xff\\xa2%T\\xcbH&\\xdd^"
      encrypted: "\\xbd\\xdfX\\x0bGsbf\u07bb\\xb3s\\x9f\\xa4\\xf4\\x14<\u038c\\xc7~\\x9a\\xe6\u0519\\x1bt\\x85N\\x8ad."
    }
  }
}
`;

test('reads a file chasquid-util wrote and checks its password', () => {
  const [u] = parseUsers(FROM_CHASQUID_UTIL);
  expect(u!.name).toBe('u');
  expect(u!.scrypt!.salt).toHaveLength(16);
  expect(u!.scrypt!.encrypted).toHaveLength(32);
  expect(passwordMatches(u!.scrypt!, 'secret123')).toBe(true);
  expect(passwordMatches(u!.scrypt!, 'secret124')).toBe(false);
});

test('escaping round-trips every byte', () => {
  const all = Buffer.from(Array.from({ length: 256 }, (_, i) => i));
  expect(unescapeBytes(escapeBytes(all)).equals(all)).toBe(true);
});

test('adding a user keeps the others; the same password again changes nothing', () => {
  const added = withUsers(FROM_CHASQUID_UTIL, { i: 'pw-of-i' });
  expect(added.changed).toEqual(['i']);
  expect(added.text).toContain(FROM_CHASQUID_UTIL.trim());
  expect(withUsers(added.text, { i: 'pw-of-i', u: 'secret123' })).toEqual({ text: added.text, changed: [] });
  const rehashed = withUsers(added.text, { i: 'new' });
  expect(rehashed.changed).toEqual(['i']);
  expect(passwordMatches(parseUsers(rehashed.text).find((b) => b.name === 'i')!.scrypt!, 'new')).toBe(true);
  expect(parseUsers(withoutUsers(added.text, ['i']).text).map((b) => b.name)).toEqual(['u']);
});

test('a rendered entry parses back', () => {
  const entry = hashPassword('pässwörd');
  const [back] = parseUsers(renderUser('ü', entry));
  expect(back!.name).toBe('ü');
  expect(passwordMatches(back!.scrypt!, 'pässwörd')).toBe(true);
});
