// A VPS whose systemd-nspawn was killed keeps running without it (its
// systemd is re-parented to the host's init). `lab up` must replace it with
// a VPS it runs itself, and `lab down` must leave none behind.
import { execa } from 'execa';
import { labDown, labExec, labUp, readLabInfo } from '../../src/lab/index.js';
import { strayMachines } from '../../src/lab/orphans.js';
import { labConfig } from '../../src/lab/config.js';
import { canRunLab } from './helpers.js';

const opts = { instance: 9 };
const maybe = canRunLab ? describe : describe.skip;

maybe('a VPS left running without its systemd-nspawn', () => {
  afterAll(async () => {
    await labDown(opts);
  }, 120_000);

  test('is replaced by lab up and removed by lab down', async () => {
    await labUp({ ...opts, os: ['debian13'] });
    const cfg = labConfig(opts);
    await execa('pkill', ['-KILL', '-f', `systemd-nspawn --directory ${cfg.dir.machines}/`]);
    // The container's systemd survives its nspawn: a stray.
    await new Promise((r) => setTimeout(r, 500));
    expect((await strayMachines(cfg)).length).toBe(1);

    await labUp({ ...opts, os: ['debian13'] });
    expect(await strayMachines(cfg)).toEqual([]);
    const info = await readLabInfo(opts);
    const ssh = await labExec(info!.vps.debian13!, 'systemctl is-system-running --wait');
    expect(ssh.stdout.trim()).toBe('running');

    await execa('pkill', ['-KILL', '-f', `systemd-nspawn --directory ${cfg.dir.machines}/`]);
    await new Promise((r) => setTimeout(r, 500));
    await labDown(opts);
    expect(await strayMachines(cfg)).toEqual([]);
    const left = await execa('sh', ['-c', "for p in /proc/[0-9]*; do tr '\\0' '\\n' < $p/environ 2>/dev/null | grep -qx container=systemd-nspawn && grep -l 'mailsetup-lab-9/' $p/mountinfo; done; true"]);
    expect(left.stdout.trim()).toBe('');
  }, 240_000);
});
