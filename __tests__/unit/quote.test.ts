// The one quoting function, proven against a real bash: each hostile value
// must come back byte for byte from `bash -c 'printf %s '<quoted>`.
import { describe, expect, test } from '@jest/globals';
import { execa } from 'execa';
import { quote, raw, sh, UnquotableValueError } from '../../src/remote/quote.js';
import { hostile } from '../security/helpers/hostile.js';

const HOSTILE: Array<[string, string]> = hostile('quoting (local bash)', [
  ['semicolon', 'a; rm -rf /'],
  ['command substitution', '$(touch /tmp/mailsetup-pwned)'],
  ['backticks', '`id`'],
  ['single quote', "it's"],
  ['only single quotes', "'''"],
  ['double quotes', '"quoted" and "more"'],
  ['both quotes', `'"'"'`],
  ['newline', 'line one\nline two'],
  ['trailing newline', 'ends with newline\n'],
  ['tab', 'a\tb'],
  ['glob star', '*'],
  ['glob question and brackets', '?[a-z]*'],
  ['tilde', '~'],
  ['tilde path', '~root/.ssh'],
  ['history bang', '!!'],
  ['bang in word', 'hello!world'],
  ['non-ASCII', 'ünïcødé — 日本語 🚀'],
  ['leading dash', '-n'],
  ['leading double dash', '--help'],
  ['empty string', ''],
  ['backslash', 'back\\slash\\'],
  ['dollar variable', '$HOME ${PATH}'],
  ['pipes and redirects', 'a | b > /tmp/x < /etc/passwd 2>&1 &'],
  ['spaces', '  leading and trailing  '],
  ['hash', '# not a comment'],
  ['braces', '{a,b}'],
  ['equals', 'x=1'],
  ['carriage return', 'a\rb'],
  ['control chars', '\x01\x1b[31mred\x1b[0m'],
  ['long string', `${'x'.repeat(5000)}'${'$(y)'.repeat(500)}`],
]);

async function throughBash(value: string): Promise<string> {
  // execa passes argv directly (no local shell): only bash interprets the quoted text.
  const { stdout } = await execa('bash', ['-c', `printf %s ${quote(value)}`], { stripFinalNewline: false });
  return stdout;
}

describe('quote', () => {
  test.each(HOSTILE)('%s round-trips through bash -c unchanged', async (_name, value) => {
    expect(await throughBash(value)).toBe(value);
  });

  test('has at least 20 hostile values', () => {
    expect(HOSTILE.length).toBeGreaterThanOrEqual(20);
  });

  test('numbers are quoted as their text', async () => {
    expect(await throughBash(String(587))).toBe('587');
    expect(quote(587)).toBe('587');
  });

  test('NUL is refused, not truncated', () => {
    expect(() => quote('a\0b')).toThrow(UnquotableValueError);
    expect(() => sh`echo ${'x\0'}`).toThrow(UnquotableValueError);
  });

  test('sh quotes every value, arrays become several words, raw stays raw', async () => {
    const cmd = sh`printf '%s|' ${['a b', "c'd", '$(e)']} ${raw('"$((1+1))"')}`;
    const { stdout } = await execa('bash', ['-c', cmd.text]);
    expect(stdout).toBe("a b|c'd|$(e)|2|");
  });

  test('safe words are left bare for readable logs', () => {
    expect(quote('/etc/chasquid/chasquid.conf')).toBe('/etc/chasquid/chasquid.conf');
    expect(quote('user@example.com')).toBe('user@example.com');
  });
});
