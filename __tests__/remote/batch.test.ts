// Commands asked for in the same instant travel as one batch over a real
// sshd: one channel, each command's own output and exit code, a quick
// command's answer not held back by a slow one, timeouts kept.
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { sh } from '../../src/remote/quote.js';
import type { SshRemote } from '../../src/remote/ssh-remote.js';
import { RemoteCommandError } from '../../src/remote/types.js';
import { connectAs } from './connect-helpers.js';
import { canRunSshd, startSshd, type TestSshd } from './sshd.js';

const suite = canRunSshd() ? describe : describe.skip;

suite('batched commands on a real sshd', () => {
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

  test('commands asked for together use one channel and keep their own output and exit codes', async () => {
    const before = remote.commandCount;
    const [a, b, c] = await Promise.all([
      remote.exec(sh`echo one; echo err-one >&2`),
      remote.exec(sh`printf 'two\\nno newline'`),
      remote.exec(sh`echo three; exit 4`, { allowFailure: true }),
    ]);
    expect(remote.commandCount - before).toBe(1);
    expect([a.stdout, a.stderr, a.code]).toEqual(['one\n', 'err-one\n', 0]);
    expect([b.stdout, b.stderr, b.code]).toEqual(['two\nno newline', '', 0]);
    expect([c.stdout, c.code]).toEqual(['three\n', 4]);
  });

  test('a failing command in a batch throws its own RemoteCommandError; the others succeed', async () => {
    const [ok, failed] = await Promise.allSettled([
      remote.exec(sh`echo fine`),
      remote.exec(sh`echo "fatal: no such thing" >&2; exit 9`),
    ]);
    expect(ok).toMatchObject({ status: 'fulfilled', value: { stdout: 'fine\n' } });
    expect(failed.status).toBe('rejected');
    const e = (failed as PromiseRejectedResult).reason as RemoteCommandError;
    expect(e).toBeInstanceOf(RemoteCommandError);
    expect(e.code).toBe(9);
    expect(e.lastLines).toContain('fatal: no such thing');
  });

  test('a quick command is answered while a slow one of the same batch still runs', async () => {
    const t0 = Date.now();
    let quickAt = 0;
    const quick = remote.exec(sh`echo quick`).then((r) => ((quickAt = Date.now() - t0), r));
    // The slow one is slow enough that a quick answer on a loaded machine (about 1 s at worst) is far from it.
    const slow = remote.exec(sh`sleep 4; echo slow`);
    const [q, s] = await Promise.all([quick, slow]);
    expect([q.stdout, s.stdout]).toEqual(['quick\n', 'slow\n']);
    expect(quickAt).toBeLessThan(Date.now() - t0 - 1500);
  });

  test('quick commands that end together are all answered at once, none held until a slow one ends', async () => {
    // Jobs that end while the collector prints other frames are reaped by
    // bash then, and wait -n no longer wakes for them: the collector must
    // look again before it sleeps.
    const t0 = Date.now();
    const quick = Array.from({ length: 8 }, (_, i) => remote.exec(sh`echo ${i}`).then(() => Date.now() - t0));
    const slow = remote.exec(sh`sleep 4`).then(() => Date.now() - t0);
    const answered = await Promise.all(quick);
    // Held until the slow one ended, they would come with it; on a loaded machine they take up to about 1 s.
    expect(Math.max(...answered)).toBeLessThan((await slow) - 1500);
  });

  test('a timeout stops only its own command', async () => {
    const [hung, fine] = await Promise.all([
      remote.exec(sh`sleep 30`, { timeoutMs: 1000, allowFailure: true }),
      remote.exec(sh`echo fine`),
    ]);
    expect(hung.code).toBe(124);
    expect(fine.stdout).toBe('fine\n');
  });

  test('a command that ignores TERM is killed 5 s after its deadline, and reports the timeout', async () => {
    const t0 = Date.now();
    const [stubborn, fine] = await Promise.all([
      remote.exec(sh`trap '' TERM; sleep 30`, { timeoutMs: 1000, allowFailure: true }),
      remote.exec(sh`echo fine`),
    ]);
    expect(stubborn.code).toBe(124);
    expect(Date.now() - t0).toBeLessThan(12_000);
    expect(fine.stdout).toBe('fine\n');
  }, 20_000);

  test('a batched command runs as in a shell of its own: no set -u, exit and traps its own, the batch untouched', async () => {
    const [unset, exited, trapped, after] = await Promise.all([
      remote.exec(sh`echo "[$never_set_anywhere]"`),
      remote.exec(sh`exit 7; echo not reached`, { allowFailure: true }),
      remote.exec(sh`trap 'echo trap ran' EXIT; echo body`),
      remote.exec(sh`echo "$-" | grep -c m; true`),
    ]);
    expect(unset.stdout).toBe('[]\n');
    expect([exited.code, exited.stdout]).toEqual([7, '']);
    expect(trapped.stdout).toBe('body\ntrap ran\n');
    // No job control leaks into the command (the batch uses it for process groups).
    expect(after.stdout).toBe('0\n');
  });

  test('files read together arrive byte for byte; a missing one is null', async () => {
    const bytes = Buffer.from([0, 1, 2, 255, 10, 0x1b, 0, 10]);
    await remote.writeFile('/tmp/mailsetup-batch-bin', bytes, { backup: false });
    await remote.writeFile('/tmp/mailsetup-batch-text', 'mailsetup-batch 0 0 1 1\n', { backup: false });
    const before = remote.commandCount;
    const [bin, text, missing] = await Promise.all([
      remote.readFile('/tmp/mailsetup-batch-bin'),
      remote.readFile('/tmp/mailsetup-batch-text'),
      remote.readFile('/tmp/mailsetup-batch-none'),
    ]);
    expect(remote.commandCount - before).toBe(1);
    expect(bin!.equals(bytes)).toBe(true);
    expect(text!.toString()).toBe('mailsetup-batch 0 0 1 1\n');
    expect(missing).toBeNull();
  });

  test('file writes asked for together share a batch; each file gets exactly its own content', async () => {
    await remote.exec(sh`rm -f /tmp/mailsetup-batch-w*`);
    const before = remote.commandCount;
    const contents = ['first\n', Buffer.from([0, 1, 2, 3, 255]), '', 'x'.repeat(200_000), 'last'];
    const results = await Promise.all(contents.map((c, i) => remote.writeFile(`/tmp/mailsetup-batch-w${i}`, c, { backup: false, mode: 0o600 })));
    expect(remote.commandCount - before).toBe(1);
    expect(results.map((r) => r.changed)).toEqual([true, true, true, true, true]);
    const back = await Promise.all(contents.map((_, i) => remote.readFile(`/tmp/mailsetup-batch-w${i}`)));
    back.forEach((b, i) => expect(b!.equals(Buffer.from(contents[i]!))).toBe(true));
    const again = await Promise.all(contents.map((c, i) => remote.writeFile(`/tmp/mailsetup-batch-w${i}`, c, { backup: false })));
    expect(again.map((r) => r.changed)).toEqual([false, false, false, false, false]);
    const modes = await remote.exec(sh`stat -c %a /tmp/mailsetup-batch-w0 /tmp/mailsetup-batch-w4`);
    expect(modes.stdout).toBe('600\n600\n');
  });

  test('quick reads that may share a shell run one after another in one process, each with its own output and code', async () => {
    const shared = { readOnly: true, allowFailure: true, sharesShell: true, timeoutMs: 8000 } as const;
    const before = remote.commandCount;
    const [a, b, c, apart, noDeadline] = await Promise.all([
      remote.exec(sh`echo "a $BASHPID"; echo err-a >&2`, shared),
      remote.exec(sh`printf 'b %s' "$BASHPID"; return 3`, shared),
      remote.exec(sh`x=1; echo "c $BASHPID $x"`, shared),
      remote.exec(sh`echo "apart $BASHPID"`),
      remote.exec(sh`echo "none $BASHPID"`, { ...shared, timeoutMs: undefined }),
    ]);
    expect(remote.commandCount - before).toBe(1);
    const pid = (out: string) => out.trim().split(' ')[1];
    expect([a.stdout.startsWith('a '), a.stderr, a.code]).toEqual([true, 'err-a\n', 0]);
    expect([b.stdout.startsWith('b '), b.code]).toEqual([true, 3]);
    expect(c.stdout.endsWith(' 1\n')).toBe(true);
    // One process for the three; a command that did not say so has its own,
    // and so has one without a deadline (sharing would give it one).
    expect(new Set([pid(a.stdout), pid(b.stdout), pid(c.stdout)]).size).toBe(1);
    expect(pid(apart.stdout)).not.toBe(pid(a.stdout));
    expect(pid(noDeadline.stdout)).not.toBe(pid(a.stdout));
  });

  test('one that runs exit in a shared shell gets its code; the ones after it never ran and fail; the rest are untouched', async () => {
    const shared = { readOnly: true, allowFailure: true, sharesShell: true, timeoutMs: 8000 } as const;
    await remote.exec(sh`rm -f /tmp/mailsetup-batch-after`);
    const [first, exited, after, apart] = await Promise.allSettled([
      remote.exec(sh`echo first`, shared),
      remote.exec(sh`echo exiting; exit 5`, shared),
      remote.exec(sh`touch /tmp/mailsetup-batch-after`, shared),
      remote.exec(sh`echo apart`),
    ]);
    expect(first).toMatchObject({ status: 'fulfilled', value: { stdout: 'first\n', code: 0 } });
    expect(exited).toMatchObject({ status: 'fulfilled', value: { stdout: 'exiting\n', code: 5 } });
    expect(after.status).toBe('rejected');
    expect(String((after as PromiseRejectedResult).reason)).toMatch(/no result for a remote command sent with others/);
    expect(apart).toMatchObject({ status: 'fulfilled', value: { stdout: 'apart\n' } });
    expect((await remote.exec(sh`test -e /tmp/mailsetup-batch-after`, { allowFailure: true })).code).toBe(1);
  }, 20_000);

  test('a shared shell keeps the latest deadline of its commands: a hung one is stopped then and reports the timeout', async () => {
    const t0 = Date.now();
    const [quick, hung, apart] = await Promise.all([
      remote.exec(sh`echo quick`, { allowFailure: true, sharesShell: true, timeoutMs: 1000 }),
      remote.exec(sh`sleep 30`, { allowFailure: true, sharesShell: true, timeoutMs: 2000 }),
      remote.exec(sh`echo apart`),
    ]);
    expect([quick.stdout, quick.code]).toEqual(['quick\n', 0]);
    expect(hung.code).toBe(124);
    expect(apart.stdout).toBe('apart\n');
    expect(Date.now() - t0).toBeLessThan(10_000);
  }, 20_000);

  test('nothing of a batch is left behind on the server', async () => {
    await Promise.all([remote.exec(sh`echo a`), remote.exec(sh`echo b`)]);
    const left = await remote.exec(sh`ls -d /run/mailsetup-batch.* 2>/dev/null | wc -l`);
    expect(left.stdout.trim()).toBe('0');
  });
});
