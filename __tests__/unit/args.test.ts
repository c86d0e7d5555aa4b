import { parseCli, parseHost, UsageError } from '../../src/cli/args.js';

describe('command line', () => {
  test('modes', () => {
    expect(parseCli([]).mode).toBe('wizard');
    expect(parseCli(['--help']).mode).toBe('help');
    expect(parseCli(['-v']).mode).toBe('version');
    expect(parseCli(['--check', '--json']).mode).toBe('check');
    expect(parseCli(['--answers', 'a.yaml', '--yes']).mode).toBe('unattended');
    expect(parseCli(['--lab', '--yes']).mode).toBe('unattended');
    expect(parseCli(['--lab']).mode).toBe('wizard');
    expect(parseCli(['--dry-run', '--answers', 'a.yaml']).mode).toBe('dry-run');
    expect(parseCli(['lab', 'up', '--os', 'debian13'])).toMatchObject({ mode: 'lab', labArgs: ['up', '--os', 'debian13'] });
  });

  test('unknown flags and stray words are usage errors that point to --help', () => {
    expect(() => parseCli(['--bogus'])).toThrow(UsageError);
    expect(() => parseCli(['--bogus'])).toThrow(/--bogus[\s\S]*mailsetup --help/);
    expect(() => parseCli(['deploy'])).toThrow(/unexpected argument "deploy"/);
    expect(() => parseCli(['--json'])).toThrow(/--json goes with --check/);
  });

  test('--host forms', () => {
    expect(parseHost('root@203.0.113.7')).toEqual({ user: 'root', address: '203.0.113.7', port: undefined });
    expect(parseHost('admin@mail.example.com:2222')).toEqual({ user: 'admin', address: 'mail.example.com', port: 2222 });
    expect(parseHost('[2001:db8::1]:22')).toEqual({ user: undefined, address: '2001:db8::1', port: 22 });
    expect(parseHost('myvps')).toEqual({ user: undefined, address: 'myvps', port: undefined });
    expect(() => parseHost('root@host:99999')).toThrow(/1 to 65535/);
    expect(() => parseHost('root@host:ssh')).toThrow(/not a number/);
    expect(() => parseHost('ro;ot@host')).toThrow(/not a valid login name/);
  });
});
