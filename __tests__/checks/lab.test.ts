// The checks against the lab: a real Debian VPS (systemd, chasquid, sshd),
// the lab's bind9, Pebble's CA and DNS blocklist. Read-only against the VPS
// unless it has been provisioned (chasquid running); then a correctly set-up
// host must pass, and breaking it one thing at a time must fail with a fix.
// The lab is shared: whatever a test breaks, it puts back in `finally`.
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exitCode, toJson } from '../../src/checks/report.js';
import { runChecks, type CheckTarget } from '../../src/checks/run-all.js';
import type { CheckResult } from '../../src/checks/types.js';
import { delistFromBlocklist, listOnBlocklist, readLabInfo, type LabInfo, type LabVps } from '../../src/lab/index.js';
import { connect } from '../../src/remote/connect.js';
import { sh } from '../../src/remote/quote.js';
import type { SshRemote } from '../../src/remote/ssh-remote.js';

let info: LabInfo | null = null;
let vps: LabVps | undefined;
let remote: SshRemote | undefined;
let tmp: string;

beforeAll(async () => {
  info = process.getuid?.() === 0 ? await readLabInfo() : null;
  // MAILSETUP_CHECKS_LAB_OS picks the VPS (debian12 by default, the guide's kind of host).
  const os = process.env.MAILSETUP_CHECKS_LAB_OS === 'debian13' ? 'debian13' : 'debian12';
  vps = info?.vps[os] ?? info?.vps.debian13 ?? info?.vps.debian12;
  if (!info || !vps) return;
  // A copy: connect() may record host keys in the file it is given, and the lab's own file is not ours.
  tmp = mkdtempSync(join(tmpdir(), 'mailsetup-checks-lab-'));
  copyFileSync(vps.ssh.knownHostsFile, join(tmp, 'known_hosts'));
  remote = await connect({
    host: vps.ssh.host, port: vps.ssh.port, user: vps.ssh.user, identityFile: vps.ssh.keyFile,
    knownHostsFile: join(tmp, 'known_hosts'), pinnedFingerprint: vps.ssh.hostKeyFingerprint, assumeYes: true,
    agentSocket: null, homeDir: tmp,
  });
}, 60_000);
afterAll(async () => {
  await remote?.close();
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

const labTarget = (extra: Partial<CheckTarget> = {}): CheckTarget => ({
  domain: vps!.domain, hostname: vps!.hostname, remote,
  resolver: `${info!.dns.server}:${info!.dns.port}`, caFile: info!.acme.caFile,
  blocklists: [{ zone: info!.blocklist.zone, kind: 'ip' }],
  outboundTarget: `${info!.inbox.smtp.host}:${info!.inbox.smtp.port}`,
  ...extra,
});
const labUp = () => {
  if (info && vps && remote) return true;
  // Where the lab can run, its absence is a failure, not a quiet pass.
  if (process.platform === 'linux' && process.getuid?.() === 0 && process.env.MAILSETUP_LAB !== 'off') {
    throw new Error('the lab is not up: the jest global setup brings it up (or run `mailsetup lab up`)');
  }
  console.warn('lab checks skipped: not root on Linux, or MAILSETUP_LAB=off');
  return false;
};
const byId = (res: CheckResult[], id: string) => res.find((r) => r.id === id || r.id.startsWith(`${id}.`));

test('any lab VPS: server-side checks really run over SSH, every problem has a fix, --json and exit code agree', async () => {
  if (!labUp()) return;
  const res = await runChecks(labTarget());
  expect(res.filter((r) => r.area === 'Service').every((r) => r.status !== 'skip')).toBe(true);
  expect(byId(res, 'service.outbound-25')).toMatchObject({ status: 'ok' }); // the lab inbox greets
  for (const r of res) if (r.status === 'warn' || r.status === 'fail') expect(r.fix).toBeTruthy();
  const doc = toJson(vps!.domain, vps!.hostname, res);
  expect(exitCode(res) === 1).toBe(doc.status === 'fail');
}, 60_000);

test('the lab blocklist: an address listed there fails, delisted it passes', async () => {
  if (!labUp()) return;
  // An unused lab address, so the VPS's own listing (other tests') is never touched.
  const ip = info!.network.ipv4Subnet.replace(/0\/24$/, '211');
  const only = { only: ['blocklist'] };
  await listOnBlocklist(ip);
  try {
    const listed = await runChecks(labTarget({ ips: { v4: [ip], v6: [] } }), only);
    expect(listed[0]).toMatchObject({ status: 'fail', details: `listed (${info!.blocklist.listedValue})`, fix: expect.stringContaining('delisting') });
  } finally {
    await delistFromBlocklist(ip);
  }
  const clean = await runChecks(labTarget({ ips: { v4: [ip], v6: [] } }), only);
  expect(clean[0]).toMatchObject({ status: 'ok' });
});

describe('a provisioned lab VPS', () => {
  const provisioned = async () => {
    if (!labUp()) return false;
    const active = await remote!.exec(sh`systemctl is-active chasquid`, { allowFailure: true, readOnly: true });
    if (active.stdout.trim() === 'active') return true;
    console.warn(`lab checks on a set-up host skipped: chasquid is not running on ${vps!.machine} (not provisioned yet)`);
    return false;
  };

  // What mailsetup's steps set up on the server itself must pass; the DNS
  // families are proven both ways on bind9 (dns-families.test.ts), and pass
  // here once the records are published.
  test('passes: chasquid running, enabled, listening; TLS trusted on 25/465/587; ports open; renewal; outbound', async () => {
    if (!(await provisioned())) return;
    const res = await runChecks(labTarget(), { only: ['service', 'outbound', 'tls', 'ports'] });
    // Debian 12's chasquid (Go < 1.22) still accepts TLS 1.0/1.1: a true warning, not a failure.
    const notOk = res.filter((r) => r.status !== 'ok' && !(r.id.endsWith('.protocols') && r.status === 'warn'));
    expect(notOk).toEqual([]);
    expect(exitCode(res)).toBe(0);
  }, 60_000);

  // Debian's chasquid is socket-activated: stopping only the service leaves
  // systemd holding the ports, and the next connection starts it again. A
  // stopped chasquid is therefore the service and its three sockets stopped.
  const UNITS = ['chasquid-smtp.socket', 'chasquid-submission.socket', 'chasquid-submission_tls.socket', 'chasquid.service'];

  test('chasquid stopped: service and ports fail with their fixes, then it is started again', async () => {
    if (!(await provisioned())) return;
    const units = (await remote!.exec(sh`systemctl list-unit-files --no-legend ${UNITS}`, { allowFailure: true, readOnly: true }))
      .stdout.split('\n').map((l) => l.trim().split(/\s+/)[0]!).filter(Boolean);
    await remote!.exec(sh`systemctl stop ${units}`);
    try {
      const res = await runChecks(labTarget(), { only: ['service', 'ports'] });
      expect(byId(res, 'service.active')).toMatchObject({ status: 'fail', fix: expect.stringContaining('systemctl start chasquid') });
      expect(byId(res, 'ports.submissions')).toMatchObject({ status: 'fail', details: expect.stringMatching(/^closed/) });
    } finally {
      await remote!.exec(sh`systemctl start ${units}`);
    }
    const back = await runChecks(labTarget(), { only: ['service', 'ports'] });
    expect(back.filter((r) => r.status === 'fail')).toEqual([]);
  }, 60_000);
});
