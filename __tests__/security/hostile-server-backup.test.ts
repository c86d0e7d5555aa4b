// A hostile server against the backup: root on the VPS makes names in
// /etc/chasquid that `find` prints as several lines, one of them
// `../<host>/.git/config`, and plants a git config whose core.fsmonitor runs
// a command. Replayed, that list would overwrite the backup repository's own
// .git/config, and the `git add` after it would run the command on this
// computer. The backup must refuse the list, leave .git/config alone and run
// nothing; the canary file on this computer must never appear.
import { expect } from '@jest/globals';
import { existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { quote } from '../../src/remote/quote.js';
import { backupStep } from '../../src/tasks/backup.js';
import { provision } from '../helpers/provision.js';
import { onVps } from './helpers/lab.js';
import { labSuite } from './helpers/lab-suite.js';
import { tried } from './helpers/hostile.js';

const lab = labSuite({ name: 'hostile-backup', testTimeout: 120_000 });

// Each server-side layout makes `find /etc/chasquid -type f` print a line
// that, joined onto the backup folder, leaves it or reaches into .git.
const LAYOUTS: Array<[string, (host: string) => string]> = [
  ['a directory named "x\\n.." (find prints ../HOST/.git/config)', (host) => `/etc/chasquid/x\n../${host}/.git/config`],
  ['a .git directory inside /etc/chasquid', () => '/etc/chasquid/.git/config'],
  ['a .GIT directory (a case-insensitive file system reads it as .git)', () => '/etc/chasquid/domains/.GIT/config'],
  ['a file name with a terminal escape', () => '/etc/chasquid/\u001b]0;owned\u0007name'],
];

tried('hostile server file names (backup)', LAYOUTS.length);

for (const [what, serverPath] of LAYOUTS) {
  lab.test(`backup refuses ${what}`, async () => {
    const host = lab.target.run.answers.hostname;
    const backup = join(lab.dir, `backup-${LAYOUTS.findIndex(([w]) => w === what)}`, host);
    const canary = join(lab.dir, `canary-${Date.now()}`);
    const payload = `[core]\n\tfsmonitor = "touch ${canary}; false"\n`;
    const path = serverPath(host);
    // The file the list points at: both the odd name itself and, for the
    // "x\n.." layout, what SFTP finds for the relative line (root's home/..).
    const script = [
      'set -e',
      'rm -rf /etc/chasquid/x* /etc/chasquid/.git /etc/chasquid/domains/.GIT /etc/chasquid/*name "/$HOST"',
      'mkdir -p "$(dirname "$P")" && printf %s "$PAYLOAD" > "$P"',
      'mkdir -p "/$HOST/.git" && printf %s "$PAYLOAD" > "/$HOST/.git/config"',
      'printf "hostname: \\"%s\\"\\n" "$HOST" > /etc/chasquid/chasquid.conf',
    ].join('\n');
    const env = `HOST=${quote(host)} P=${quote(path)} PAYLOAD=${quote(payload)}`;
    const made = await onVps(lab.target, `${env}; export HOST P PAYLOAD; ${script}`);
    expect(made.stderr).toBe('');
    expect(made.code).toBe(0);
    lab.afterAll(() => onVps(lab.target, `rm -rf /etc/chasquid/x* /etc/chasquid/.git /etc/chasquid/domains/.GIT /etc/chasquid/*name ${quote(`/${host}`)}`));

    // A backup repository from an earlier run, made with a loose umask.
    mkdirSync(backup, { recursive: true, mode: 0o755 });

    const run = await provision(lab.target, { steps: [backupStep], adjust: (ctx) => (ctx.answers.backup.dir = backup) });
    expect(existsSync(canary)).toBe(false);
    expect(run.outcome.ok).toBe(false);
    expect(run.outcome.error?.message).toMatch(/the server listed the file .*nothing was backed up/s);
    // The repository's own config is git's, not the server's.
    const config = existsSync(join(backup, '.git', 'config')) ? readFileSync(join(backup, '.git', 'config'), 'utf8') : '';
    expect(config).not.toMatch(/fsmonitor/);
    expect(existsSync(join(backup, 'etc', 'chasquid', '.git'))).toBe(false);
    // The folder that holds the repository (and, when backed up, the DKIM key) is private.
    expect(statSync(backup).mode & 0o777).toBe(0o700);
  });
}

lab.test('an ordinary /etc/chasquid is still backed up, with odd but harmless names', async () => {
  const host = lab.target.run.answers.hostname;
  const backup = join(lab.dir, 'backup-ok', host);
  const odd = "/etc/chasquid/domains/it's a file (1).txt";
  await onVps(lab.target, `rm -rf /etc/chasquid/x* /etc/chasquid/.git /etc/chasquid/domains/.GIT /etc/chasquid/*name && mkdir -p /etc/chasquid/domains && echo hi > ${quote(odd)}`);
  lab.afterAll(() => onVps(lab.target, `rm -f ${quote(odd)}`));
  const run = await provision(lab.target, { steps: [backupStep], adjust: (ctx) => (ctx.answers.backup.dir = backup) });
  expect(run.outcome.error?.message).toBeUndefined();
  expect(run.outcome.ok).toBe(true);
  expect(readFileSync(join(backup, odd), 'utf8')).toBe('hi\n');
  expect(statSync(backup).mode & 0o777).toBe(0o700);
});
