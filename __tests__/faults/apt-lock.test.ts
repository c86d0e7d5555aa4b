// The package manager's lock held by another process (as unattended-upgrades
// holds it on a fresh VPS) while mailsetup must install a package. The real
// CLI runs against the lab VPS with a short limit (MAILSETUP_APT_LOCK_WAIT):
//   1. the lock is never released: a visible "waiting for the package lock"
//      line, then the run stops with the holder and the fix named, the state
//      says the step failed, and nothing is half-installed;
//   2. the lock is released within the limit: the rerun waits, goes on, and
//      completes.
// The tests share one VPS and run in this order.
import { beforeAll, describe, expect } from '@jest/globals';
import { join } from 'node:path';
import { readRunState, startCliRun, writeLabAnswers } from '../security/helpers/cli-run.js';
import { onVps } from '../security/helpers/lab.js';
import { labSuite } from '../security/helpers/lab-suite.js';
import { serveLabCertificate } from './helpers/lab-certificate.js';
import { holdDpkgLock, releaseDpkgLock } from './helpers/vps-processes.js';

const lab = labSuite({ name: 'apt-lock', connect: false, cli: true, testTimeout: 600_000 });
let stateDir: string;
let answersFile: string;
let holder: number | undefined;

const run = (lockWait: number) => startCliRun({ answersFile, stateDir, target: lab.target, env: { MAILSETUP_APT_LOCK_WAIT: String(lockWait) } });

/** dpkg's own view: nothing half-configured or half-unpacked, and lego's status. */
async function packages(): Promise<{ audit: string; lego: string; binary: number }> {
  const audit = (await onVps(lab.target, 'dpkg --audit')).stdout.trim();
  const lego = (await onVps(lab.target, "dpkg-query -W -f='${Status}' lego 2>/dev/null; true")).stdout.trim();
  const binary = (await onVps(lab.target, 'command -v lego')).code;
  return { audit, lego, binary };
}

beforeAll(async () => {
  const { target, dir: work } = lab;
  stateDir = join(work, 'state');
  answersFile = join(work, 'answers.yaml');
  writeLabAnswers(answersFile, target, (a) => {
    a.backup.dir = join(work, 'backup');
  });
  // A server with chasquid and a certificate; then lego, which the ACME
  // client's step installs, is removed so the run has a package to install.
  await serveLabCertificate(target);
  const removed = await onVps(target, 'DEBIAN_FRONTEND=noninteractive apt-get remove -y -q lego');
  if (removed.code !== 0) throw new Error(`could not remove lego for the test: ${removed.stderr}`);
}, 600_000);

lab.afterAll(async () => {
  if (holder) await releaseDpkgLock(lab.target, holder);
});

describe('the dpkg lock held by another process', () => {
  lab.test('held past the limit: a waiting message, then a clear error naming the holder; the step failed, nothing half-installed', async () => {
    holder = await holdDpkgLock(lab.target);
    const result = await run(5);
    const output = String(result.all);
    if (result.exitCode !== 1) process.stderr.write(`\nrun output (tail):\n${output.split('\n').slice(-30).join('\n')}\n`);
    expect(result.exitCode).toBe(1);
    // While apt waited, the run said why it stood still...
    expect(output).toMatch(new RegExp(`waiting for the package lock \\(up to 5 s\\): process ${holder} \\(perl\\) holds the dpkg lock`));
    // ...then it stopped with who holds the lock and what to do.
    expect(output).toMatch(new RegExp(`package lock is still held after waiting 5 s: process ${holder} \\(perl\\)`));
    expect(output).toMatch(/MAILSETUP_APT_LOCK_WAIT=<seconds>, then run mailsetup again/);

    const state = readRunState(stateDir);
    // The first step that installs (the ACME client's) failed; chasquid's and the certificate wait for it.
    expect(state.steps['acme-client']?.status).toBe('failed');
    expect(state.steps['acme-client']?.error).toMatch(/package lock is still held/);
    expect(state.steps.preflight?.status).toBe('done');
    expect(state.steps.chasquid?.status ?? 'not reached').toBe('not reached');
    expect(state.steps.certificate?.status ?? 'not reached').toBe('not reached');

    const pkgs = await packages();
    expect(pkgs.audit).toBe('');
    expect(pkgs.lego).not.toMatch(/install ok installed|half|unpacked/);
    expect(pkgs.binary).not.toBe(0);
    // The server mailsetup set up before keeps running.
    expect((await onVps(lab.target, 'systemctl is-active chasquid')).stdout.trim()).toBe('active');
    // The holder was left alone: mailsetup never breaks another package manager's lock.
    expect((await onVps(lab.target, `kill -0 ${holder}`)).code).toBe(0);
  });

  lab.test('released within the limit: the rerun waits, goes on and completes', async () => {
    if (holder === undefined) holder = await holdDpkgLock(lab.target);
    const child = run(300);
    let seen = '';
    let exited = false;
    child.all?.on('data', (chunk: Buffer) => (seen += chunk.toString()));
    void child.finally(() => (exited = true));
    try {
      while (!/waiting for the package lock \(up to 5 min\)/.test(seen) && !exited) await new Promise((r) => setTimeout(r, 200));
      expect(seen).toMatch(/waiting for the package lock \(up to 5 min\)/);
    } finally {
      await releaseDpkgLock(lab.target, holder!);
      holder = undefined;
    }
    const result = await child;
    const output = String(result.all);
    if (result.exitCode !== 0) process.stderr.write(`\nrun output (tail):\n${output.split('\n').slice(-40).join('\n')}\n`);
    expect(result.exitCode).toBe(0);
    expect(output).toMatch(/All steps done/);
    const state = readRunState(stateDir);
    expect(Object.entries(state.steps).filter(([, s]) => s.status !== 'done' && s.status !== 'skipped')).toEqual([]);
    const pkgs = await packages();
    expect(pkgs.audit).toBe('');
    expect(pkgs.lego).toBe('install ok installed');
    expect(pkgs.binary).toBe(0);
  });
});
