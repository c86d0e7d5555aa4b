// The one change that can cut the SSH link: enabling IPv6 in netplan. Here
// the link is cut (every other SSH session on the VPS killed) while the
// change is being applied, the way a wrong gateway would. The guard on the
// server must put the previous netplan file back by itself, SSH must still
// work, and a rerun must apply the change properly.
import { beforeAll, describe, expect } from '@jest/globals';
import { ipv6Step } from '../../src/tasks/ipv6.js';
import { preflightStep } from '../../src/tasks/preflight.js';
import { provision } from '../helpers/provision.js';
import { onVps } from '../security/helpers/lab.js';
import { labSuite } from '../security/helpers/lab-suite.js';
import { cutOtherSessions, waitForVpsProcess } from './helpers/vps-processes.js';

// A fresh VPS: its netplan file has the IPv6 lines commented, as a provider ships it.
// No connection of the suite's own: the cut would end it.
const lab = labSuite({ name: 'netplan', connect: false, fresh: true, testTimeout: 300_000 });
let netplanBefore = '';
const SHIM = '/usr/local/sbin/networkctl';

const netplan = async () => (await onVps(lab.target, 'cat /etc/netplan/*.yaml')).stdout;

beforeAll(async () => {
  netplanBefore = await netplan();
});

lab.afterAll(() => onVps(lab.target, `rm -f ${SHIM}`));

describe('a netplan change that cuts the link', () => {
  lab.test('is rolled back by the server itself, and SSH keeps working', async () => {
    expect(netplanBefore).toMatch(/#.*:.*\/64/);
    // Applying takes a few seconds on a real VPS; make it so here, so the cut lands mid-apply.
    await onVps(lab.target, `printf '#!/bin/sh\\nsleep 5\\nexec /usr/bin/networkctl "$@"\\n' > ${SHIM} && chmod 755 ${SHIM}`);
    let done = false;
    const running = provision(lab.target, { steps: [preflightStep, ipv6Step] }).finally(() => (done = true));
    const guard = await waitForVpsProcess(lab.target, /netplan-guard\.sh/, 120_000, () => done);
    expect(guard).not.toBeNull();
    expect(await cutOtherSessions(lab.target)).not.toBe('');
    const r = await running;
    expect(r.outcome.ok).toBe(false);
    expect(r.outcome.failedStep).toBe('ipv6');
    expect(r.outcome.error?.message).toMatch(/connection .* was lost|stopped answering/i);
    // The guard waits 45 s for a confirmation that never comes, then restores.
    const deadline = Date.now() + 90_000;
    while (Date.now() < deadline && (await netplan()) !== netplanBefore) await new Promise((res) => setTimeout(res, 2000));
    expect(await netplan()).toBe(netplanBefore);
    expect((await onVps(lab.target, 'true')).code).toBe(0);
    // The guard then applies the restored file; let it finish before the next run.
    const settled = Date.now() + 60_000;
    while (Date.now() < settled && (await onVps(lab.target, 'pgrep -f "[n]etplan-guard.sh"')).stdout.trim()) await new Promise((res) => setTimeout(res, 1000));
    expect((await onVps(lab.target, 'pgrep -f "[n]etplan-guard.sh"')).stdout.trim()).toBe('');
  });

  lab.test('a rerun applies the change and confirms it in time', async () => {
    await onVps(lab.target, `rm -f ${SHIM}`);
    const r = await provision(lab.target, { steps: [preflightStep, ipv6Step] });
    if (!r.outcome.ok) throw r.outcome.error;
    const after = await netplan();
    expect(after).not.toBe(netplanBefore);
    // Confirmed: the guard is gone, so nothing will put the old file back.
    expect((await onVps(lab.target, 'pgrep -f "[n]etplan-guard.sh"')).stdout.trim()).toBe('');
    expect((await onVps(lab.target, 'test -e /run/mailsetup/netplan-confirmed')).code).toBe(0);
  });

  lab.test('a rerun right after the cut, while the guard still waits, keeps the change instead of losing it to the guard', async () => {
    // Back to the provider's file (IPv6 lines commented) for a new change.
    await onVps(lab.target, `cat > /etc/netplan/01-netcfg.yaml <<'EOF'\n${netplanBefore}\nEOF\nnetplan generate && networkctl reload`);
    await onVps(lab.target, `printf '#!/bin/sh\\nsleep 5\\nexec /usr/bin/networkctl "$@"\\n' > ${SHIM} && chmod 755 ${SHIM}`);
    let done = false;
    const running = provision(lab.target, { steps: [preflightStep, ipv6Step] }).finally(() => (done = true));
    const guard = await waitForVpsProcess(lab.target, /netplan-guard\.sh/, 120_000, () => done);
    expect(guard).not.toBeNull();
    const armedAt = Date.now();
    await cutOtherSessions(lab.target);
    expect((await running).outcome.ok).toBe(false);
    await onVps(lab.target, `rm -f ${SHIM}`);
    // The user runs mailsetup again at once, and it connects: the change did not cut the link.
    const rerun = await provision(lab.target, { steps: [preflightStep, ipv6Step] });
    if (!rerun.outcome.ok) throw rerun.outcome.error;
    const kept = await netplan();
    expect(kept).not.toBe(netplanBefore);
    // Past the guard's 45 s: the change it confirmed is still there.
    await new Promise((res) => setTimeout(res, Math.max(0, armedAt + 55_000 - Date.now())));
    expect(await netplan()).toBe(kept);
  });
});

