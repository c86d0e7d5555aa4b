// exec against a real sshd: streaming, failures, stdin, timeouts, quoting.
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { sh } from '../../src/remote/quote.js';
import type { SshRemote } from '../../src/remote/ssh-remote.js';
import { RemoteCommandError } from '../../src/remote/types.js';
import { connectAs } from './connect-helpers.js';
import { canRunSshd, startSshd, type TestSshd } from './sshd.js';

const suite = canRunSshd() ? describe : describe.skip;

suite('exec on a real sshd', () => {
  let sshd: TestSshd;
  let remote: SshRemote;
  beforeAll(async () => {
    sshd = await startSshd();
    remote = await connectAs(sshd, 'root');
  });
  afterAll(async () => {
    await remote?.close();
    await sshd?.stop();
  });

  test('streams stdout lines in order, as they come, and collects them', async () => {
    const seen: Array<[string, string, number]> = [];
    const start = Date.now();
    const result = await remote.exec(sh`for i in 1 2 3 4 5; do echo "line $i"; sleep 0.2; done; echo oops >&2`, {
      onLine: (line, stream) => seen.push([line, stream, Date.now() - start]),
    });
    expect(seen.filter(([, s]) => s === 'stdout').map(([l]) => l)).toEqual(['line 1', 'line 2', 'line 3', 'line 4', 'line 5']);
    expect(seen.find(([l]) => l === 'oops')?.[1]).toBe('stderr');
    // Streaming, not buffering: the first line arrived well before the end.
    expect(seen[0]![2]).toBeLessThan(seen[4]![2] - 500);
    expect(result.stdout).toBe('line 1\nline 2\nline 3\nline 4\nline 5\n');
    expect(result.stderr).toBe('oops\n');
    expect(result.code).toBe(0);
  });

  test('non-zero exit throws RemoteCommandError with the code and the last lines', async () => {
    const failing = sh`for i in $(seq 1 30); do echo "out $i"; done; echo "fatal: disk on fire" >&2; exit 7`;
    const error = await remote.exec(failing).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RemoteCommandError);
    const e = error as RemoteCommandError;
    expect(e.code).toBe(7);
    expect(e.lastLines.length).toBeLessThanOrEqual(20);
    expect(e.lastLines).toContain('fatal: disk on fire');
    expect(e.lastLines).toContain('out 30');
    expect(e.lastLines).not.toContain('out 1');
    expect(e.message).toContain('exit 7');
    expect(e.message).toContain('fatal: disk on fire');
  });

  test('allowFailure returns the code instead of throwing', async () => {
    const result = await remote.exec(sh`exit 3`, { allowFailure: true });
    expect(result.code).toBe(3);
  });

  test('redact masks secrets in the error text', async () => {
    const secret = 'hunter2-token';
    const error = (await remote.exec(sh`echo "token is ${secret}"; exit 1`, { redact: [secret] }).catch((e: unknown) => e)) as Error;
    expect(error.message).not.toContain(secret);
    expect(error.message).toContain('token is ***');
  });

  test('stdin reaches the command byte for byte', async () => {
    const input = 'first line\nsecond $(line) `x` \'q\'\n\u00e9t\u00e9\n';
    const result = await remote.exec(sh`cat`, { stdin: input });
    expect(result.stdout).toBe(input);
  });

  test('quoted hostile values arrive unchanged', async () => {
    const values = ['; rm -rf /', '$(id)', '`id`', "it's", '"x"', 'a\nb', '*', '-n', ''];
    // One round trip: each value printed NUL-terminated, through the login shell, sh -c and bash -c.
    const result = await remote.exec(sh`printf '%s\\0' ${values}`);
    expect(result.stdout.split('\0').slice(0, -1)).toEqual(values);
  });

  test('runs bash (steps may use bash features)', async () => {
    const result = await remote.exec(sh`set -o pipefail; [[ -n "$BASH_VERSION" ]] && echo bash`);
    expect(result.stdout.trim()).toBe('bash');
  });

  test('timeout stops a command that hangs', async () => {
    const start = Date.now();
    const error = (await remote.exec(sh`sleep 30`, { timeoutMs: 1000 }).catch((e: unknown) => e)) as RemoteCommandError;
    expect(error).toBeInstanceOf(RemoteCommandError);
    expect(error.code).toBe(124);
    expect(error.message).toContain('timed out after 1 s');
    expect(Date.now() - start).toBeLessThan(10_000);
  });

  test('a closed connection gives an error that says how to go on', async () => {
    const other = await connectAs(sshd, 'root');
    await other.close();
    await expect(other.exec(sh`true`)).rejects.toThrow(/connection to root@127\.0\.0\.1:\d+ was lost.*Run mailsetup again/s);
  });

  test('a file read or write after the connection closed fails the same way, even with SFTP already open', async () => {
    const other = await connectAs(sshd, 'root');
    expect(await other.readFile('/etc/hostname')).not.toBeNull();
    await other.close();
    await expect(other.readFile('/etc/hostname')).rejects.toThrow(/was lost.*Run mailsetup again/s);
    await expect(other.writeFile('/tmp/mailsetup-never-written', 'x')).rejects.toThrow(/was lost/);
  });

  test('commandCount counts what ran', async () => {
    const before = remote.commandCount;
    await remote.exec(sh`true`);
    await remote.exec(sh`true`);
    expect(remote.commandCount).toBe(before + 2);
  });
});
