// After a full setup of the lab VPS: `mailsetup senders add` makes a login
// that works on 587, `senders remove` makes it fail again, and nothing else
// under /etc/chasquid changes (contents compared before and after).
import { randomBytes } from 'node:crypto';
import { execa } from 'execa';
import { tryAuth } from '../../src/checks/smtp-auth.js';
import { sh } from '../../src/remote/quote.js';
import type { Remote } from '../../src/remote/types.js';
import { type LabTarget } from '../helpers/provision.js';
import { canRunLab, cliEnv, root, setUpDay2 } from './helpers.js';
import { CLI_ENTRY } from '../helpers/cli-entry.js';

const maybe = canRunLab ? describe : describe.skip;

// The whole setup but its closing test mail (that step's own tests prove it).

/** Every file under /etc/chasquid with its hash, mailsetup's own backups left out. */
async function snapshot(remote: Remote): Promise<string> {
  const r = await remote.exec(sh`cd /etc/chasquid && find . -type f ! -name '*.mailsetup-*.bak' -exec sha256sum {} + | sort -k2`);
  return r.stdout;
}

maybe('mailsetup senders on a set-up lab VPS', () => {
  let target: LabTarget;
  let remote: Remote;
  let stateDir: string;

  beforeAll(async () => {
    ({ target, stateDir, remote } = await setUpDay2('senders'));
  }, 600000);

  afterAll(async () => {
    await remote?.close();
  });

  const cli = (args: string[], env: Record<string, string> = {}) =>
    execa('node', [CLI_ENTRY, ...args, '--lab', '--state-dir', stateDir], { cwd: root, env: { ...cliEnv(stateDir), ...env }, reject: false });

  const auth = (user: string, password: string) =>
    tryAuth({ address: target.vps.ipv4, hostname: target.run.answers.hostname, user, password, caFile: target.run.caFile });

  test('add: AUTH on 587 works; remove: it fails; only the users file changed in between', async () => {
    const domain = target.run.answers.domain;
    const bob = `bob-${randomBytes(3).toString('hex')}@${domain}`;
    const password = 'day-two bob password';
    const before = await snapshot(remote);
    expect(before).toMatch(new RegExp(`domains/${domain}/users`));

    const add = await cli(['senders', 'add', bob, '--yes'], { MAILSETUP_SENDER_PASSWORD: password });
    expect(add.stderr).toBe('');
    expect(add.stdout).toMatch(/only the hash/);
    expect(add.stdout).toMatch(new RegExp(`✓ ${bob} can log in on port 587`));
    expect(add.exitCode).toBe(0);
    expect(add.stdout).not.toContain(password);
    expect(await auth(bob, password)).toEqual({ ok: true });

    const during = await snapshot(remote);
    const changed = diffLines(before, during);
    expect(changed).toEqual([`./domains/${domain}/users`]);

    const list = await cli(['senders', 'list']);
    expect(list.stdout).toContain(`${domain}: `);
    expect(list.stdout).toContain(bob);

    const remove = await cli(['senders', 'remove', bob, '--yes']);
    expect(remove.exitCode).toBe(0);
    expect(remove.stdout).toMatch(new RegExp(`✓ ${bob} is gone`));
    const gone = await auth(bob, password);
    expect(gone).toMatchObject({ ok: false, refused: true });

    // The first sender still logs in, and the tree is as it was before the add.
    const first = target.run.answers.senders[0]!;
    expect(await auth(first, target.run.secrets.senderPasswords[first]!)).toEqual({ ok: true });
    expect(await snapshot(remote)).toBe(before);
  }, 180000);

  test('refusals before anything changes: unknown domain, existing sender, no password source', async () => {
    const domain = target.run.answers.domain;
    const first = target.run.answers.senders[0]!;
    const before = await snapshot(remote);
    const other = await cli(['senders', 'add', 'x@not-served.test', '--yes'], { MAILSETUP_SENDER_PASSWORD: 'long enough pw' });
    expect(other.exitCode).toBe(2);
    expect(other.stderr).toMatch(/does not serve not-served\.test.*mailsetup domain add/);
    const again = await cli(['senders', 'add', first, '--yes'], { MAILSETUP_SENDER_PASSWORD: 'long enough pw' });
    expect(again.stderr).toMatch(/already a sender.*senders passwd/);
    const noPw = await cli(['senders', 'add', `carol@${domain}`, '--yes']);
    expect(noPw.stderr).toMatch(/MAILSETUP_SENDER_PASSWORD or pass --generate/);
    expect(await snapshot(remote)).toBe(before);
  }, 120000);
});

/** Paths whose hash line differs between two snapshots. */
function diffLines(a: string, b: string): string[] {
  const map = (s: string) => new Map(s.trim().split('\n').map((l) => [l.slice(66), l.slice(0, 64)] as const));
  const ma = map(a);
  const mb = map(b);
  return [...new Set([...ma.keys(), ...mb.keys()])].filter((k) => ma.get(k) !== mb.get(k)).sort();
}
