// A wrong state dir stops the run at once with what to do: a path under
// /proc (where a recursive mkdir hung), a file, an immutable folder, a file
// in the middle of the path. Through the real CLI, so the order is proven:
// the check comes before anything reads or writes there.
import { afterAll, describe, expect, test } from '@jest/globals';
import { execa } from 'execa';
import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { prepareStateDir } from '../../src/state/state-dir.js';
import { CLI, haveCli } from './helpers/cli-run.js';
import { tried } from './helpers/hostile.js';

const work = mkdtempSync(join(tmpdir(), 'mailsetup-state-dir-'));
afterAll(async () => {
  await execa('chattr', ['-i', join(work, 'immutable')], { reject: false });
  rmSync(work, { recursive: true, force: true });
});

const answers = join(work, 'answers.json');
writeFileSync(answers, JSON.stringify({ host: { address: '127.0.0.1', port: 9 }, domain: 'example.com', tls: { dnsProvider: 'dns_cf' }, secrets: { dnsCredentials: { CF_Token: 'token' } } }));

async function runWith(stateDir: string) {
  return execa('node', [CLI, '--answers', answers, '--yes', '--state-dir', stateDir], { reject: false, timeout: 20_000, env: { HOME: work, SSH_AUTH_SOCK: '' } });
}

describe('the state dir', () => {
  tried('state dirs', 4);
  (haveCli() ? test : test.skip)('under /proc: refused at once, not a hang', async () => {
    const r = await runWith('/proc/self/x');
    expect(r.timedOut).toBe(false);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toMatch(/state dir "\/proc\/self\/x" is under \/proc.*--state-dir/);
  });

  (haveCli() ? test : test.skip)('a file: says it is a file and what to pass instead', async () => {
    const file = join(work, 'a-file');
    writeFileSync(file, '');
    const r = await runWith(file);
    expect(r.stderr).toMatch(/is a file, not a folder: pass --state-dir with a folder/);
    const below = await runWith(join(file, 'below'));
    expect(below.stderr).toMatch(/has a file where a folder of its path should be/);
  });

  test('immutable: names the flag and how to lift it, not a raw EPERM', async () => {
    const dir = join(work, 'immutable');
    mkdirSync(dir, { mode: 0o700 });
    const flagged = await execa('chattr', ['+i', dir], { reject: false });
    if (flagged.exitCode !== 0) return void process.stderr.write(`\nimmutable state dir not tried: chattr +i failed here (${flagged.stderr.trim()})\n`);
    await expect(prepareStateDir(dir)).rejects.toThrow(/immutable.*chattr -i/);
    if (haveCli()) expect((await runWith(dir)).stderr).toMatch(/immutable.*chattr -i/);
  });

  test('a new one is made private; an existing good one is accepted', async () => {
    const dir = join(work, 'new', 'state');
    await prepareStateDir(dir);
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    await prepareStateDir(dir);
  });
});
