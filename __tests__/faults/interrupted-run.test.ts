// Runs of the real CLI on one fresh lab VPS, each disturbed differently, in
// the order a bad day would bring them:
//   1. another package manager holds the dpkg lock when the run starts, and
//      the SSH connection is cut while dpkg is unpacking;
//   2. mailsetup itself is SIGKILLed while the certificate is being issued;
//   3. a plain rerun repairs everything and completes (test mail included);
//   4. one more rerun changes nothing and no configuration is duplicated.
// The steps share one VPS and run in this order; each depends on the last.
import { beforeAll, describe, expect } from '@jest/globals';
import { join } from 'node:path';
import { readRunState, startCliRun, writeLabAnswers } from '../security/helpers/cli-run.js';
import { onVps } from '../security/helpers/lab.js';
import { legoDir } from '../../src/server/paths.js';
import { labSuite } from '../security/helpers/lab-suite.js';
import { cutSessionOf, holdDpkgLock, releaseDpkgLock, vpsProcesses, waitForVpsProcess } from './helpers/vps-processes.js';

const lab = labSuite({ name: 'faults', connect: false, fresh: true, cli: true, testTimeout: 300_000 });
let stateDir: string;
let answersFile: string;

const run = () => startCliRun({ answersFile, stateDir, target: lab.target });

/** The files mailsetup manages, hashed: a rerun that changes nothing leaves this equal. */
const MANAGED = [
  '/etc/chasquid/chasquid.conf',
  '/etc/chasquid/domains/*/users',
  '/etc/chasquid/domains/*/aliases',
  '/etc/chasquid/domains/*/dkim_selector',
  '/etc/chasquid/hooks/post-data',
  '/etc/chasquid/certs/*/fullchain.pem',
  '/etc/chasquid/certs/*/privkey.pem',
  '/etc/mailsetup/*',
  '/etc/systemd/system/mailsetup-certificate.*',
  '/etc/sysctl.conf',
  '/etc/sysctl.d/*',
  '/etc/netplan/*',
];

async function managedSnapshot(): Promise<Record<string, string>> {
  const r = await onVps(lab.target, `for f in ${MANAGED.join(' ')}; do [ -f "$f" ] && sha256sum "$f"; done; true`);
  const out: Record<string, string> = {};
  for (const line of r.stdout.trim().split('\n').filter(Boolean)) {
    const [hash, file] = line.split(/\s+/);
    out[file!] = hash!;
  }
  return out;
}

const backups = async () => (await onVps(lab.target, "find /etc -name '*.mailsetup-*.bak' | sort")).stdout.trim().split('\n');

beforeAll(() => {
  stateDir = join(lab.dir, 'state');
  answersFile = join(lab.dir, 'answers.yaml');
  writeLabAnswers(answersFile, lab.target, (a) => {
    a.backup.dir = join(lab.dir, 'backup');
  });
});

describe('a run survives a bad day', () => {
  lab.test('dpkg locked, then the SSH link cut while dpkg unpacks: a clear message, and the state names the step', async () => {
    // unattended-upgrades on a fresh VPS holds this lock for a while.
    const holder = await holdDpkgLock(lab.target);
    const child = run();
    let exited = false;
    let seen = '';
    child.all?.on('data', (chunk: Buffer) => (seen += chunk.toString()));
    void child.finally(() => (exited = true));
    try {
      // The run says why it stands still while the lock is held...
      const deadline = Date.now() + 180_000;
      while (!/holds the dpkg lock/.test(seen) && !exited && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
      expect(seen).toMatch(/holds the dpkg lock/);
    } finally {
      // ...and goes on once it is free.
      await releaseDpkgLock(lab.target, holder);
    }
    // chasquid's own install: the ACME client's goes first and is over in a
    // moment; apt runs one install at a time, so the dpkg seen once
    // chasquid's apt-get has started is chasquid's.
    const apt = await waitForVpsProcess(lab.target, /apt-get .*install .*chasquid/, 240_000, () => exited);
    expect(apt).not.toBeNull();
    const dpkg = await waitForVpsProcess(lab.target, /^\/usr\/bin\/dpkg .*--(unpack|configure)/, 240_000, () => exited);
    expect(dpkg).not.toBeNull();
    await cutSessionOf(lab.target, dpkg!.pid);
    const result = await child;
    const output = String(result.all);
    expect(result.exitCode).toBe(1);
    expect(output).toMatch(/connection to .* was lost/i);
    expect(output).toMatch(/run (mailsetup|the same command) again/i);
    const state = readRunState(stateDir);
    // The certificate may be being issued beside chasquid's install: the lost link stops every step under way.
    const failed = Object.entries(state.steps).filter(([, s]) => s.status === 'failed');
    expect(failed.map(([id]) => id)).toContain('chasquid');
    for (const [, s] of failed) expect(s.error).toMatch(/connection .* was lost/i);
    expect(state.steps.preflight?.status).toBe('done');
  });

  lab.test('mailsetup SIGKILLed during certificate issuance: the state file is whole and says the step was running', async () => {
    // The first run issued the certificate beside chasquid's install, likely
    // before the cut: without the issued files this run issues it again.
    // The cut may also have left the first run's issuance running on the server: only this run's counts.
    await onVps(lab.target, `rm -rf ${legoDir}/certificates`);
    const LEGO = /\blego\b.* run$/;
    const earlier = (await vpsProcesses(lab.target)).filter((p) => LEGO.test(p.args)).map((p) => p.pid);
    const child = run();
    let exited = false;
    void child.finally(() => (exited = true));
    const lego = await waitForVpsProcess(lab.target, LEGO, 240_000, () => exited, earlier);
    if (!lego) process.stderr.write(`\nrun output (tail):\n${String((await child).all).split('\n').slice(-25).join('\n')}\n`);
    expect(lego).not.toBeNull();
    child.kill('SIGKILL');
    const result = await child;
    expect(result.signal).toBe('SIGKILL');
    const state = readRunState(stateDir);
    expect(state.steps.certificate?.status).toBe('running');
    // chasquid's install, which the first run interrupted, runs beside the issuance: under way or done again.
    expect(['running', 'done']).toContain(state.steps.chasquid?.status);
  });

  lab.test('a plain rerun repairs and completes, the test mail included', async () => {
    const result = await run();
    if (result.exitCode !== 0) process.stderr.write(`\nrun output (tail):\n${String(result.all).split('\n').slice(-40).join('\n')}\n`);
    expect(result.exitCode).toBe(0);
    expect(String(result.all)).toMatch(/All steps done/);
    const state = readRunState(stateDir);
    expect(Object.values(state.steps).every((s) => s.status === 'done' || s.status === 'skipped')).toBe(true);
    const dpkg = await onVps(lab.target, 'dpkg --audit; dpkg-query -W -f="${Status}\\n" chasquid lego');
    expect(dpkg.stdout).not.toMatch(/half|unpacked|not fully installed/i);
  });

  lab.test('one more rerun writes nothing, and no configuration line is duplicated', async () => {
    const before = await managedSnapshot();
    const backupsBefore = await backups();
    const result = await run();
    expect(result.exitCode).toBe(0);
    expect(await managedSnapshot()).toEqual(before);
    expect(await backups()).toEqual(backupsBefore);

    const conf = (await onVps(lab.target, "grep -v '^\\s*#' /etc/chasquid/chasquid.conf | grep -v '^\\s*$'")).stdout.trim().split('\n');
    expect(new Set(conf).size).toBe(conf.length);
    const aliases = (await onVps(lab.target, "cat /etc/chasquid/domains/*/aliases | grep -v '^\\s*#' | grep -v '^\\s*$'")).stdout.trim().split('\n');
    expect(new Set(aliases).size).toBe(aliases.length);
    expect(aliases.filter((l) => l.startsWith('*:'))).toHaveLength(1);
    const users = (await onVps(lab.target, 'grep -h "^ *key:" /etc/chasquid/domains/*/users')).stdout.trim().split('\n');
    expect(new Set(users).size).toBe(users.length);
    // Per real file: Debian links /etc/sysctl.d/99-sysctl.conf to /etc/sysctl.conf.
    const sysctlDuplicates = await onVps(
      lab.target,
      'for f in $(readlink -f /etc/sysctl.conf /etc/sysctl.d/* | sort -u); do grep -h "^[^#]*disable_ipv6" "$f" | tr -d " " | sort | uniq -d; done',
    );
    expect(sysctlDuplicates.stdout.trim()).toBe('');
    const env = (await onVps(lab.target, "cut -d= -f1 /etc/mailsetup/dns-credentials.env")).stdout.trim().split('\n');
    expect(new Set(env).size).toBe(env.length);
    const timers = (await onVps(lab.target, 'systemctl list-timers --all --no-legend | grep -c mailsetup-certificate')).stdout.trim();
    expect(timers).toBe('1');
  });
});
