// The lab never leaves its user stuck: `lab down` returns only when every
// machine is gone, and `lab up` makes a VPS fresh when the one left on disk
// cannot boot cleanly any more.
import { execa } from 'execa';
import { labDown, labExec, labUp, readLabInfo } from '../../src/lab/index.js';
import { labConfig } from '../../src/lab/config.js';
import { machineProcesses } from '../../src/lab/orphans.js';
import { stopVps, vpsDir } from '../../src/lab/vps.js';
import { canRunLab } from './helpers.js';

const opts = { instance: 7 };
const maybe = canRunLab ? describe : describe.skip;

maybe('lab hygiene', () => {
  const cfg = labConfig(opts);
  afterAll(async () => {
    await labDown(opts);
  }, 120_000);

  test('lab down returns only when no machine process is left, even one that ignored its poweroff', async () => {
    await labUp({ ...opts, os: ['debian13'] });
    const dir = vpsDir(cfg, 'debian13');
    const [nspawn, init] = await machineProcesses(cfg, dir);
    expect(nspawn).toBeGreaterThan(1);
    expect(init).toBeGreaterThan(1);
    // A container whose init is frozen cannot power off: its nspawn outlives
    // the grace time and is killed, which leaves the init behind.
    process.kill(init!, 'SIGSTOP');
    await labDown(opts);
    expect(await machineProcesses(cfg)).toEqual([]);
    const nspawns = await execa('pgrep', ['-f', `systemd-nspawn --directory ${cfg.dir.machines}/`], { reject: false });
    expect(nspawns.stdout.trim()).toBe('');
  }, 180_000);

  test('lab up makes a VPS fresh when the one left on disk boots degraded', async () => {
    await labUp({ ...opts, os: ['debian13'] });
    const before = (await readLabInfo(opts))!.vps.debian13!;
    // What a provisioned VPS can carry: a unit that fails at every boot.
    const broken = [
      "printf '[Unit]\\nDescription=fails at boot\\n[Service]\\nType=oneshot\\nExecStart=/bin/false\\n[Install]\\nWantedBy=multi-user.target\\n' > /etc/systemd/system/mailsetup-lab-broken.service",
      'systemctl enable -q mailsetup-lab-broken.service',
    ].join(' && ');
    expect((await labExec(before, broken)).exitCode).toBe(0);
    await stopVps(cfg, 'debian13');

    const lines: string[] = [];
    await labUp({ ...opts, os: ['debian13'], log: (l) => lines.push(l) });
    expect(lines.join('\n')).toMatch(/debian13: booted degraded: mailsetup-lab-broken\.service.*, as it was left; making it fresh/);
    const after = (await readLabInfo(opts))!.vps.debian13!;
    expect((await labExec(after, 'systemctl is-system-running')).stdout.trim()).toBe('running');
    expect((await labExec(after, 'test -e /etc/systemd/system/mailsetup-lab-broken.service; echo $?')).stdout.trim()).toBe('1');
    // A fresh VPS has new host keys, and lab.json says so.
    expect(after.ssh.hostKeyFingerprint).not.toBe(before.ssh.hostKeyFingerprint);
  }, 240_000);
});
