// The CLI as a user runs it: a real process of the installed package
// (CLI_ENTRY: the packed install from jest's global setup).
import { execa } from 'execa';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CLI_ENTRY } from '../helpers/cli-entry.js';

const cli = CLI_ENTRY;
const run = (args: string[], env: Record<string, string> = {}) =>
  execa(process.execPath, [cli, ...args], { reject: false, stdin: 'ignore', env: { ...env, NO_COLOR: '1' } });

describe('mailsetup command line', () => {
  test('--help lists the modes and every answers-file key; --version prints the package version', async () => {
    const help = await run(['--help']);
    expect(help.exitCode).toBe(0);
    expect(help.stdout).toMatch(/mailsetup --check \[--json\]/);
    expect(help.stdout).toMatch(/tls\.dnsProvider\s+\(required\)/);
    const version = await run(['--version']);
    expect(version.exitCode).toBe(0);
    expect(version.stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
  });

  test('an unknown flag exits 2 with a clear error', async () => {
    const result = await run(['--frobnicate']);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain("Unknown option '--frobnicate'");
    expect(result.stderr).toContain('mailsetup --help');
  });

  test('without a terminal the guided run exits 2 and says to pass --answers', async () => {
    const result = await run([]);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain('--answers answers.yaml --yes');
  });

  test('a wrong answers file exits 2 naming every bad key', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'mailsetup-cli-'));
    const file = join(dir, 'answers.yaml');
    await writeFile(file, 'domain: "bad domain"\nhost: {port: 70000}\ntls: {dnsProvider: dns_cf}\nextra: 1\n');
    const result = await run(['--answers', file, '--yes', '--state-dir', dir]);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain('domain: "bad domain" contains spaces');
    expect(result.stderr).toContain('host.port: expected a whole number from 1 to 65535');
    expect(result.stderr).toContain('host.address: missing');
    expect(result.stderr).toContain('extra: unknown key');
  });

  test('--check without a domain exits 2 and says which flag is missing', async () => {
    const result = await run(['--check', '--json']);
    expect(result.exitCode).toBe(2);
    expect(result.stderr + result.stdout).toMatch(/--domain/);
  });
});
