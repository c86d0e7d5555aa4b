// `mailsetup domain add` on a set-up lab VPS: a second domain gets its
// folder, DKIM key and records; a sender of it sends mail that verifies
// (mailauth against the lab DNS); the first domain's files are untouched
// and its mail still verifies.
import { execa } from 'execa';
import { domainContext } from '../../src/day2/domain-add.js';
import { sh } from '../../src/remote/quote.js';
import type { Remote } from '../../src/remote/types.js';
import type { StepContext } from '../../src/tasks/types.js';
import { type LabTarget } from '../helpers/provision.js';
import { canRunLab, cliEnv, dkimVerdicts, root, sendToInbox, setUpDay2 } from './helpers.js';
import { CLI_ENTRY } from '../helpers/cli-entry.js';

const maybe = canRunLab ? describe : describe.skip;
// A zone the lab DNS serves and the day-two lab (Debian 13 only) does not use otherwise.
const SECOND = 'example.test';

/** Hashes of the first domain's files, chasquid.conf and the certificates. */
async function firstDomainFiles(remote: Remote, domain: string): Promise<string> {
  const r = await remote.exec(sh`cd /etc/chasquid && find domains/${domain} certs chasquid.conf -type f ! -name '*.mailsetup-*.bak' -exec sha256sum {} + | sort -k2`);
  return r.stdout;
}

test('a second domain\'s DMARC report address moves to that domain', () => {
  const ctx = { answers: { domain: 'a.test', senders: ['i@a.test', 'x@b.test'], dmarc: { policy: 'none', fo: '1', rua: 'postmaster@a.test', ruf: 'r@else.test' } }, facts: {} } as unknown as StepContext;
  const d = domainContext(ctx, 'b.test');
  expect(d.answers).toMatchObject({ domain: 'b.test', senders: ['x@b.test'], dmarc: { rua: 'postmaster@b.test', ruf: 'r@else.test' } });
  expect(ctx.answers.domain).toBe('a.test');
});

maybe('mailsetup domain add on the lab', () => {
  let target: LabTarget;
  let remote: Remote;
  let stateDir: string;

  beforeAll(async () => {
    ({ target, stateDir, remote } = await setUpDay2('domain'));
    // Start from a server that does not serve the second domain yet.
    await remote.exec(sh`rm -rf /etc/chasquid/domains/${SECOND} && systemctl restart chasquid`);
  }, 600000);

  afterAll(async () => {
    await remote?.close();
  });

  const cli = (args: string[], env: Record<string, string> = {}) =>
    execa('node', [CLI_ENTRY, ...args, '--lab', '--state-dir', stateDir], { cwd: root, env: { ...cliEnv(stateDir), ...env }, reject: false });

  test('second domain signs its mail; the first domain is untouched and still verifies', async () => {
    const first = target.run.answers.domain;
    const before = await firstDomainFiles(remote, first);

    const add = await cli(['domain', 'add', SECOND, '--yes']);
    expect(add.stderr).toBe('');
    expect(add.exitCode).toBe(0);
    expect(add.stdout).toMatch(new RegExp(`✓ DKIM record \\S+\\._domainkey\\.${SECOND.replace('.', '\\.')} matches`));
    expect(add.stdout).toMatch(new RegExp(`✓ DKIM record \\S+\\._domainkey\\.${first.replace('.', '\\.')} matches`));
    expect(add.stdout).not.toMatch(/✗/);

    const password = 'second domain sender pw';
    const sender = await cli(['senders', 'add', `i@${SECOND}`, '--yes'], { MAILSETUP_SENDER_PASSWORD: password });
    expect(sender.exitCode).toBe(0);

    const raw = await sendToInbox(target, `i@${SECOND}`, password, `second-${Date.now()}`);
    const verdicts = await dkimVerdicts(target, raw);
    expect(verdicts).toEqual([expect.objectContaining({ domain: SECOND, result: 'pass' })]);

    // The first domain: same files, and its mail still verifies.
    expect(await firstDomainFiles(remote, first)).toBe(before);
    const firstSender = target.run.answers.senders[0]!;
    const firstRaw = await sendToInbox(target, firstSender, target.run.secrets.senderPasswords[firstSender]!, `first-${Date.now()}`);
    expect(await dkimVerdicts(target, firstRaw)).toEqual([expect.objectContaining({ domain: first, result: 'pass' })]);

    const list = await cli(['domain', 'list']);
    expect(list.stdout.split('\n')).toEqual(expect.arrayContaining([`${first} (first domain)`, SECOND]));

    // A rerun finds everything in place.
    const again = await cli(['domain', 'add', SECOND, '--yes']);
    expect(again.exitCode).toBe(0);
    expect(again.stdout).not.toMatch(/Dynamic update/);
  }, 240000);
});
