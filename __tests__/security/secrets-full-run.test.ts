// One full unattended run of mailsetup (CLI_ENTRY --answers --yes) on a
// fresh lab VPS, with a second sender whose password is hostile (quotes,
// backticks, $(), backslash, non-ASCII). While it runs, the VPS's process
// list is sampled; afterwards every place a secret could leak is searched:
// the state dir (state, logs, known_hosts), the run's output, the backup
// repository and its history, the sampled command lines, shell history, the
// journal and /etc/chasquid. Then file modes on both sides, and the hostile
// password must work for SMTP AUTH.
import { beforeAll, describe, expect } from '@jest/globals';
import { execa } from 'execa';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { transport } from '../../src/tasks/submit.js';
import type { StepContext } from '../../src/tasks/types.js';
import { startCliRun, writeLabAnswers } from './helpers/cli-run.js';
import { onVps } from './helpers/lab.js';
import { labSuite } from './helpers/lab-suite.js';
import { samplePs } from './helpers/ps-sampler.js';

const CANARY = '/tmp/mailsetup-canary';
const HOSTILE_PASSWORD = `p'q"r\`s$(touch ${CANARY});t\\u ü日本 ✓ %s`;

// A fresh VPS, so the run really issues a certificate and writes every secret-bearing file.
const lab = labSuite({ name: 'secrets-run', connect: false, fresh: process.env.MAILSETUP_SECURITY_RESET !== '0', cli: true });
let stateDir: string;
let backupDir: string;
let hostileSender: string;
let run: { exitCode?: number; all?: string } = {};
let ps: { lines: Set<string>; samples: number } = { lines: new Set(), samples: 0 };
let secrets: string[] = [];

/** Every file under dir, recursively (symlinks not followed). */
function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    return e.isDirectory() ? walk(path) : e.isFile() ? [path] : [];
  });
}

beforeAll(async () => {
  const { target, dir: work } = lab;
  stateDir = join(work, 'state');
  backupDir = join(work, 'backup');
  hostileSender = `hostile@${target.vps.domain}`;
  const answersFile = join(work, 'answers.yaml');
  writeLabAnswers(answersFile, target, (a, s) => {
    a.senders = [...a.senders, hostileSender];
    s.senderPasswords[hostileSender] = HOSTILE_PASSWORD;
    a.backup.dir = backupDir;
  });
  secrets = [HOSTILE_PASSWORD, ...Object.values(target.run.secrets.senderPasswords), target.run.secrets.tsigSecret!];
  await onVps(target, `rm -f ${CANARY}`);
  const sampler = samplePs(target);
  const child = startCliRun({ answersFile, stateDir, target });
  const result = await child;
  ps = await sampler.stop();
  run = { exitCode: result.exitCode, all: String(result.all ?? '') };
}, 900_000);

describe('a full unattended run keeps every secret', () => {
  lab.test('the run completes', () => {
    if (run.exitCode !== 0) process.stderr.write(`\nrun output (tail):\n${run.all?.split('\n').slice(-30).join('\n')}\n`);
    expect(run.exitCode).toBe(0);
    expect(run.all).toMatch(/All steps done/);
  });

  lab.test('nothing in the hostile password ran on the server', async () => {
    expect((await onVps(lab.target, `test -e ${CANARY}`)).code).not.toBe(0);
  });

  lab.test('no secret in the run\'s output', () => {
    for (const s of secrets) expect(run.all).not.toContain(s);
  });

  lab.test('no secret in the state dir (state file, logs, known_hosts)', () => {
    const files = walk(stateDir);
    expect(files.some((f) => f.endsWith('.json'))).toBe(true);
    expect(files.some((f) => f.endsWith('.log'))).toBe(true);
    for (const f of files) {
      const text = readFileSync(f, 'utf8');
      for (const s of secrets) expect({ file: f, leaked: text.includes(s) }).toEqual({ file: f, leaked: false });
    }
  });

  lab.test('no secret and no private key in the backup repository or its history', async () => {
    const tree = walk(backupDir).filter((f) => !f.includes('/.git/'));
    expect(tree.length).toBeGreaterThan(0);
    const history = await execa('git', ['-C', backupDir, 'log', '-p', '--all', '--binary'], { reject: false });
    const texts = [...tree.map((f) => readFileSync(f, 'utf8')), String(history.stdout)];
    for (const text of texts) {
      for (const s of secrets) expect(text.includes(s)).toBe(false);
      expect(text).not.toMatch(/PRIVATE KEY/);
    }
  });

  lab.test('no secret in any command line on the server during the run', () => {
    // Enough samples to have seen the long steps (package installs, issuance).
    expect(ps.samples).toBeGreaterThan(20);
    const all = [...ps.lines].join('\n');
    expect(all).toMatch(/apt-get|dpkg|lego|chasquid/);
    for (const s of secrets) expect(all).not.toContain(s);
  });

  lab.test('no secret in shell history, the journal, or /etc/chasquid (only the scrypt hash is there)', async () => {
    const history = await onVps(lab.target, 'cat /root/.bash_history /root/.sh_history 2>/dev/null; true');
    const journal = await onVps(lab.target, 'journalctl --no-pager -o cat 2>/dev/null | tail -n 20000', 120_000);
    const etc = await execa('ssh', ['-o', 'BatchMode=yes', ...(await import('../../src/lab/ssh.js')).sshArgs(lab.target.vps), '--', 'tar -cf - /etc/chasquid 2>/dev/null'], {
      encoding: 'buffer',
      reject: false,
    });
    const tar = Buffer.from(etc.stdout as Uint8Array);
    expect(tar.length).toBeGreaterThan(1024);
    for (const s of secrets.filter((x) => x !== lab.target.run.secrets.tsigSecret)) {
      expect(history.stdout).not.toContain(s);
      expect(journal.stdout).not.toContain(s);
      expect(tar.includes(Buffer.from(s))).toBe(false);
    }
    expect(journal.stdout).not.toContain(lab.target.run.secrets.tsigSecret!);
  }, 180_000);

  lab.test('private files on the server are closed to other users', async () => {
    const list = await onVps(
      lab.target,
      [
        'for f in /etc/chasquid/certs/*/privkey.pem /etc/chasquid/domains/*/users /etc/chasquid/domains/*/dkim:*.pem',
        '  /etc/chasquid/certs/*/dkim_privkey.pem /etc/mailsetup/dns-credentials.env',
        '  $(find /etc/mailsetup/lego -name "*.key" 2>/dev/null); do',
        // Whether another user can read it, as the kernel decides (file mode and every directory above it).
        '  [ -e "$f" ] && { runuser -u nobody -- test -r "$f" && r=readable || r=closed; echo "$r $(stat -c "%a %U %n" "$f")"; }; done; true',
      ].join(' '),
    );
    const rows = list.stdout.trim().split('\n').filter(Boolean).map((l) => {
      const [access, mode, owner, ...name] = l.split(' ');
      return { access: access!, mode: mode!, owner: owner!, file: name.join(' ') };
    });
    const kinds = {
      tls: rows.some((r) => r.file.endsWith('/privkey.pem')),
      users: rows.some((r) => r.file.endsWith('/users')),
      dkim: rows.some((r) => /dkim/.test(r.file)),
      env: rows.some((r) => r.file.endsWith('dns-credentials.env')),
      acme: rows.some((r) => r.file.endsWith('.key')),
    };
    expect(kinds).toEqual({ tls: true, users: true, dkim: true, env: true, acme: true });
    for (const r of rows) {
      expect({ file: r.file, access: r.access }).toEqual({ file: r.file, access: 'closed' });
      expect(r.owner).toBe('root');
    }
    const env = rows.find((r) => r.file.endsWith('dns-credentials.env'))!;
    expect(env.mode).toBe('600');
  });

  lab.test('local files are private: 0600 files in 0700 directories', () => {
    for (const f of walk(stateDir)) expect({ f, mode: (statSync(f).mode & 0o777).toString(8) }).toEqual({ f, mode: '600' });
    for (const d of [stateDir, join(stateDir, 'hosts'), join(stateDir, 'logs'), backupDir]) {
      expect({ d, mode: (statSync(d).mode & 0o777).toString(8) }).toEqual({ d, mode: '700' });
    }
  });

  lab.test('the hostile password works as a password: SMTP AUTH on 587 accepts it', async () => {
    const ctx = { answers: lab.target.run.answers, caFile: lab.target.run.caFile } as unknown as StepContext & { caFile: string };
    const smtp = await transport(ctx, 587, hostileSender, HOSTILE_PASSWORD);
    try {
      await expect(smtp.verify()).resolves.toBe(true);
    } finally {
      smtp.close();
    }
    const wrong = await transport(ctx, 587, hostileSender, `${HOSTILE_PASSWORD}x`);
    try {
      await expect(wrong.verify()).rejects.toThrow();
    } finally {
      wrong.close();
    }
  }, 60_000);
});
