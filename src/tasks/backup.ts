// Guide step 9 (docs/guide-steps.md): the server's /etc/chasquid copied (over SFTP) into a git
// repository on this computer and committed; a rerun commits only what
// changed. Private keys stay out: the TLS key is reissued by renewal, and the
// DKIM key only goes in when the user opts in (backup.includeDkimKey).
import { chmod, mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { localPathOf, serverFiles } from './backup-files.js';
import { results } from '../checks/result.js';
import { sh } from '../remote/quote.js';
import { loadExeca } from './late-modules.js';
import { CHASQUID_DIR } from '../server/paths.js';
import { alreadyDone, changed } from './report.js';
import type { Step, StepContext } from './types.js';

const GIT_ENV = {
  GIT_AUTHOR_NAME: 'mailsetup',
  GIT_AUTHOR_EMAIL: 'mailsetup@localhost',
  GIT_COMMITTER_NAME: 'mailsetup',
  GIT_COMMITTER_EMAIL: 'mailsetup@localhost',
};

export const backupDir = (ctx: StepContext) => ctx.answers.backup.dir ?? join(homedir(), 'mailsetup-backup', ctx.answers.hostname);

/** Files worth keeping: config, users, aliases, hooks, certificates; never a TLS key or a mailsetup .bak. */
export function keep(path: string, includeDkimKey: boolean): boolean {
  if (/\.mailsetup-[^/]*\.bak$/.test(path) || /\/\.[^/]*mailsetup-[^/]*$/.test(path)) return false;
  if (/\/certs\/[^/]+\/privkey\.pem$/.test(path)) return false;
  const dkim = /\/dkim:[^/]+\.pem$/.test(path) || /\/dkim_privkey\.pem$/.test(path);
  return !dkim || includeDkimKey;
}

// Belt and braces beside the path checks: whatever ends up in the working
// tree, git runs no fsmonitor command and no hook of the repository.
const SAFE_GIT = ['-c', 'core.fsmonitor=false', '-c', 'core.hooksPath=/dev/null'];

const git = async (dir: string, args: string[]) => (await loadExeca()).execa('git', [...SAFE_GIT, ...args], { cwd: dir, env: GIT_ENV });

async function localFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  const walk = async (d: string): Promise<void> => {
    for (const e of await readdir(d, { withFileTypes: true }).catch(() => [])) {
      if (e.name === '.git') continue;
      const p = join(d, e.name);
      if (e.isDirectory()) await walk(p);
      else out.push(relative(dir, p));
    }
  };
  await walk(dir);
  return out;
}

export const backupStep: Step = {
  id: 'backup',
  title: 'Back up the configuration',
  why: 'A copy of the server\'s configuration in git on your computer: rebuild or roll back any time.',
  reads: ['backup.dir', 'backup.remote', 'backup.includeDkimKey'],
  needs: ['restart', 'testmail'],
  skippable: 'no backup of the configuration is made on this computer',
  tasks: (ctx) => [
    {
      title: `Copy ${CHASQUID_DIR} into ${backupDir(ctx)}`,
      task: async (_, task) => {
        if (ctx.dryRun) return;
        const dir = backupDir(ctx);
        await mkdir(dir, { recursive: true, mode: 0o700 });
        // A folder from an earlier run (or made by hand) may be 0755: the
        // repository holds the users file and, when opted in, the DKIM key.
        await chmod(dir, 0o700);
        await git(dir, ['init', '-q']);
        // One command for the list and every file: NUL-separated names (a
        // name may hold a line break, see backup-files.ts), the contents in
        // base64 beside them, so the binary-safe text comes back in one go.
        const listed = await ctx.remote.exec(sh`find ${CHASQUID_DIR} -type f -exec sh -c ${'for f; do printf "%s\\0" "$f"; base64 -w0 -- "$f"; printf "\\0"; done'} _ {} +`, { readOnly: true });
        const contents = serverFiles(listed.stdout, CHASQUID_DIR);
        const wanted = new Set<string>();
        for (const [path, content] of contents) {
          if (!keep(path, ctx.answers.backup.includeDkimKey)) continue;
          wanted.add(path.replace(/^\/+/, ''));
          const local = localPathOf(dir, path);
          const old = await readFile(local).catch(() => null);
          if (old && old.equals(content)) continue;
          await mkdir(dirname(local), { recursive: true, mode: 0o700 });
          await writeFile(local, content, { mode: 0o600 });
        }
        // Mirror deletions, so the history shows a removed sender or alias file.
        for (const rel of await localFiles(dir)) if (!wanted.has(rel)) await rm(join(dir, rel));
        await git(dir, ['add', '-A']);
        const status = await git(dir, ['status', '--porcelain']);
        if (!status.stdout.trim()) {
          alreadyDone(task, 'nothing changed since the last backup');
          return;
        }
        const n = status.stdout.trim().split('\n').length;
        await git(dir, ['commit', '-q', '-m', `chasquid configuration of ${ctx.answers.hostname} (mailsetup)`]);
        if (ctx.answers.backup.remote) {
          const remotes = (await git(dir, ['remote'])).stdout.split('\n');
          if (!remotes.includes('origin')) await git(dir, ['remote', 'add', 'origin', ctx.answers.backup.remote]);
          const push = await (await loadExeca()).execa('git', [...SAFE_GIT, 'push', '-q', 'origin', 'HEAD'], { cwd: dir, reject: false });
          if (push.exitCode !== 0) task.output = `push to ${ctx.answers.backup.remote} failed: ${push.stderr.split('\n')[0]} (the local commit is kept)`;
        }
        changed(task, `${n} file${n > 1 ? 's' : ''} committed`);
      },
    },
  ],
  verify: async (ctx) => {
    const r = results('Backup');
    const dir = backupDir(ctx);
    const { execa } = await loadExeca();
    const head = await execa('git', ['log', '-1', '--format=%h %cI'], { cwd: dir, reject: false });
    return [
      head.exitCode === 0 && head.stdout.trim()
        ? r.ok('backup.committed', `backup in ${dir} (last commit ${head.stdout.trim()})`)
        : r.fail('backup.committed', 'backup committed', `no commit in ${dir}`, 'run mailsetup again'),
    ];
  },
};
