// Options may come before the command as after it, for every command
// (`mailsetup --lab senders list` == `mailsetup senders list --lab`), as
// git, npm and kubectl allow.
import { commandWordAt, parseCli, UsageError } from '../../src/cli/args.js';
import { DAY2_MODES } from '../../src/cli/day2/options.js';

const WORDS: Record<(typeof DAY2_MODES)[number], string[]> = {
  logs: [],
  senders: ['list'],
  forward: ['add', 'sales', 'me@example.org'],
  cert: ['renew'],
  dkim: ['rotate'],
  hostname: ['set', 'mail.example.com'],
  domain: ['add', 'example.net'],
  watch: ['on'],
};

describe('options before the command', () => {
  test.each(DAY2_MODES.map((m) => [m]))('%s: --lab, --host, --yes and a day-two flag before it mean the same as after it', (mode) => {
    const words = WORDS[mode];
    expect(parseCli(['--lab', mode, ...words])).toEqual(parseCli([mode, ...words, '--lab']));
    expect(parseCli(['--lab', mode, ...words])).toMatchObject({ mode, lab: true, day2: { words } });
    const flags = ['--host', 'root@203.0.113.7', '-y', '--state-dir', '/tmp/s', '--selector', 'sel2'];
    expect(parseCli([...flags, mode, ...words])).toEqual(parseCli([mode, ...words, ...flags]));
    expect(parseCli([...flags, mode, ...words])).toMatchObject({ mode, yes: true, stateDir: '/tmp/s', host: { address: '203.0.113.7' }, day2: { words, selector: 'sel2' } });
  });

  test('lab: options before it reach the lab after its own command word, ahead of --', () => {
    expect(parseCli(['--json', 'lab', 'status'])).toEqual(parseCli(['lab', 'status', '--json']));
    expect(parseCli(['--json', 'lab', 'status']).labArgs).toEqual(['status', '--json']);
    expect(parseCli(['-h', 'lab', 'ssh', '--', 'ls', '-l']).labArgs).toEqual(['ssh', '-h', '--', 'ls', '-l']);
  });

  test("an option's value is never taken for the command", () => {
    expect(commandWordAt(['--host', 'lab', 'senders', 'list'])).toBe(2);
    expect(commandWordAt(['-i', 'logs', '--lab'])).toBe(-1);
    expect(commandWordAt(['--state-dir=/x', 'logs'])).toBe(1);
    expect(commandWordAt(['--', 'logs'])).toBe(-1);
    expect(parseCli(['--host', 'logs']).mode).toBe('wizard');
  });

  test('a word that is no command is still refused, wherever it stands', () => {
    expect(() => parseCli(['--lab', 'deploy'])).toThrow(UsageError);
    expect(() => parseCli(['--lab', 'deploy'])).toThrow(/unexpected argument "deploy"/);
  });
});
