import { parseCli, UsageError } from '../../src/cli/args.js';
import { logCommand, sinceArg } from '../../src/day2/log-source.js';
import { withHeartbeat } from '../../src/day2/log-follow.js';
import { raw } from '../../src/remote/quote.js';
import { choosePassword, PASSWORD_ENV } from '../../src/day2/sender-password.js';
import { describeSendersAction, parseSendersWords } from '../../src/day2/senders-plan.js';

describe('day-two command line', () => {
  test('modes, words and their flags', () => {
    expect(parseCli(['logs', '--follow', '--since', '1h', '--lab'])).toMatchObject({
      mode: 'logs',
      lab: true,
      day2: { words: [], follow: true, since: '1h', generate: false },
    });
    expect(parseCli(['senders', 'add', 'i@example.com', '--host', 'root@203.0.113.7', '--generate', '-y'])).toMatchObject({
      mode: 'senders',
      yes: true,
      host: { user: 'root', address: '203.0.113.7' },
      day2: { words: ['add', 'i@example.com'], generate: true },
    });
    expect(parseCli(['logs', '-n', '10']).day2?.lines).toBe(10);
    expect(parseCli(['dkim', 'rotate', '--selector', 's2']).day2).toMatchObject({ words: ['rotate'], selector: 's2' });
    expect(parseCli(['logs', '--help']).mode).toBe('help');
  });

  test('day-two flags stay out of the other modes; bad values are refused', () => {
    expect(() => parseCli(['--follow'])).toThrow(UsageError);
    expect(() => parseCli(['logs', '--lines', 'many'])).toThrow(/--lines many/);
    expect(() => parseCli(['logs', '--bogus'])).toThrow(UsageError);
  });

  test('--since becomes journalctl time; nonsense is refused with an example', () => {
    expect(sinceArg('1h')).toBe('-1h');
    expect(sinceArg('30m')).toBe('-30min');
    expect(sinceArg('2d')).toBe('-2d');
    expect(sinceArg('2025-01-31T14:00')).toBe('2025-01-31 14:00');
    expect(() => sinceArg('an hour; rm -rf /')).toThrow(/30m, 1h, 2d/);
  });

  test('log commands quote every value', () => {
    expect(logCommand({ kind: 'journal' }, { follow: true, since: '1h', lines: 50 }).text).toBe("journalctl -u chasquid --no-pager -o short-iso --since '-1h' -f");
    expect(logCommand({ kind: 'journal' }, { follow: false, lines: 50 }).text).toBe('journalctl -u chasquid --no-pager -o short-iso -n 50');
    expect(logCommand({ kind: 'file', path: '/var/log/mail.log' }, { follow: true, lines: 5 }).text).toBe('tail -n 100 -F /var/log/mail.log');
    const script = withHeartbeat(raw('journalctl -f')).text;
    expect(script).toMatch(/trap 'kill "\$follower" 2>\/dev\/null' EXIT/);
    expect(script).toMatch(/echo \|\| exit 0/);
  });
});

describe('senders words and passwords', () => {
  test('verbs and addresses', () => {
    expect(parseSendersWords([])).toEqual({ verb: 'list' });
    expect(parseSendersWords(['add', 'Bob@Example.com'])).toEqual({ verb: 'add', address: 'bob@example.com', local: 'bob', domain: 'example.com' });
    expect(() => parseSendersWords(['add'])).toThrow(/needs the address/);
    expect(() => parseSendersWords(['delete', 'a@b.com'])).toThrow(/unknown "senders delete"/);
    expect(() => parseSendersWords(['add', "x'y@b.com"])).toThrow(/local part/);
    expect(() => parseSendersWords(['add', 'a@b.com', 'c@d.com'])).toThrow(/one address/);
  });

  test('the plan names the file and says that only the hash travels', () => {
    const a = parseSendersWords(['add', 'i@example.com']);
    if (a.verb === 'list') throw new Error('unexpected');
    expect(describeSendersAction(a, '/etc/chasquid/domains/example.com/users').join('\n')).toMatch(/only the hash/);
  });

  test('password from the environment, generated, or asked twice', async () => {
    expect(await choosePassword('i@x.test', { generate: false, env: { [PASSWORD_ENV]: 'correct horse battery' } })).toEqual({ password: 'correct horse battery', generated: false });
    await expect(choosePassword('i@x.test', { generate: false, env: { [PASSWORD_ENV]: 'short' } })).rejects.toThrow(/shorter than 8/);
    const gen = await choosePassword('i@x.test', { generate: true, env: {} });
    expect(gen.generated).toBe(true);
    expect(gen.password.length).toBeGreaterThanOrEqual(20);
    await expect(choosePassword('i@x.test', { generate: false, env: {}, canAsk: false })).rejects.toThrow(/MAILSETUP_SENDER_PASSWORD or pass --generate/);
    const answers = ['a long password', 'a long password'];
    expect(await choosePassword('i@x.test', { generate: false, env: {}, canAsk: true, ask: async () => answers.shift()! })).toEqual({ password: 'a long password', generated: false });
    const differ = ['a long password', 'another one!'];
    await expect(choosePassword('i@x.test', { generate: false, env: {}, canAsk: true, ask: async () => differ.shift()! })).rejects.toThrow(/differ/);
  });
});
