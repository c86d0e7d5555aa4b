// chasquid restarts once per run, in the restart step, for the certificate,
// DKIM key, senders and aliases changed before it. A run cut off after those
// changes but before that restart leaves its note on the server, and the next run
// restarts chasquid and ends with a server whose sender logs in and whose
// mail is signed. A pending note fails the restart step's check, so a rerun
// never skips a restart it still owes.
import { labExec, labReset } from '../../src/lab/index.js';
import { sh } from '../../src/remote/quote.js';
import type { Remote } from '../../src/remote/types.js';
import { restartStep } from '../../src/tasks/restart.js';
import { RESTART_PENDING, restartLater } from '../../src/server/service.js';
import type { StepContext } from '../../src/tasks/types.js';
import { labTarget, provision } from '../helpers/provision.js';

// Debian 13: chasquid signs natively, so its DKIM key too waits for the restart.
const OS = 'debian13';

/**
 * Cut the connection as the restart step asks what waits for a restart:
 * every change before it is made (the steps side by side before it all
 * done), chasquid not yet restarted.
 */
function cutBeforeRestart(ctx: StepContext): void {
  const real = ctx.remote;
  const cutting: Remote = Object.create(real);
  cutting.exec = async (command, options) => {
    if (!command.text.startsWith(`cat ${RESTART_PENDING}`)) return real.exec(command, options);
    await real.close();
    throw new Error('the connection dropped (cut by the test before the restart)');
  };
  ctx.remote = cutting;
}

const mainPid = async (vps: Parameters<typeof labExec>[0]) => (await labExec(vps, 'systemctl show -p MainPID --value chasquid')).stdout.trim();

test('cut off before the restart, the next run restarts chasquid and the server works', async () => {
  if (!(await labTarget(OS))) throw new Error(`the lab's ${OS} VPS is not up`);
  await labReset({ os: [OS] });
  const target = (await labTarget(OS))!;
  const withCa = (ctx: StepContext) => ((ctx as StepContext & { caFile?: string }).caFile = target.info.acme.caFile);

  const cut = await provision(target, { adjust: (ctx) => (withCa(ctx), cutBeforeRestart(ctx)) });
  expect(cut.outcome.ok).toBe(false);
  expect(cut.outcome.failedStep).toBe('restart');
  const pending = (await labExec(target.vps, `cat ${RESTART_PENDING}`)).stdout;
  expect(pending).toContain('the certificate');
  expect(pending).toContain('the DKIM key');
  expect(pending).toContain('the senders');
  expect(pending).toContain('the aliases');
  const pidBefore = await mainPid(target.vps);

  // Only up to the restart step: the test mail step's proof restarts chasquid itself when its alias was not put in before.
  const upToRestart = (await import('../../src/tasks/steps.js')).steps.filter((s) => s.id !== 'dns' && s.id !== 'backup' && s.id !== 'testmail');
  const again = await provision(target, { stateDir: cut.stateDir, adjust: withCa, steps: upToRestart });
  expect(again.outcome.error?.message).toBeUndefined();
  expect(again.outcome.ok).toBe(true);
  expect((await labExec(target.vps, `test -e ${RESTART_PENDING} && echo pending || echo none`)).stdout.trim()).toBe('none');
  expect(await mainPid(target.vps)).not.toBe(pidBefore);

  // The rest of the run: the sender logs in on 465 and 587, and the proof finds a valid native DKIM signature.
  const rest = await provision(target, { stateDir: cut.stateDir, adjust: withCa });
  expect(rest.outcome.error?.message).toBeUndefined();
  expect(rest.outcome.ok).toBe(true);
  expect(rest.ctx.facts.proof).toMatchObject({ dkim: 'pass' });
  expect(rest.ctx.facts.dkim).toMatchObject({ mode: 'native' });
}, 600_000);

test('a pending restart fails the restart step\'s check, and running the step clears it', async () => {
  const target = await labTarget(OS);
  if (!target) throw new Error(`the lab's ${OS} VPS is not up`);
  const withCa = (ctx: StepContext) => ((ctx as StepContext & { caFile?: string }).caFile = target.info.acme.caFile);
  const done = await provision(target, { steps: [restartStep], keepOpen: true, adjust: withCa });
  try {
    expect(done.outcome.ok).toBe(true);
    await restartLater(done.ctx, 'the senders');
    const checks = await restartStep.verify(done.ctx);
    expect(checks.find((c) => c.id === 'service.chasquid.current')).toMatchObject({ status: 'fail', details: 'a restart waits for the senders' });
    const pidBefore = await mainPid(target.vps);
    // Recorded as done, but its check fails now: the runner runs it again.
    const rerun = await provision(target, { steps: [restartStep], stateDir: done.stateDir, adjust: withCa });
    expect(rerun.outcome.ok).toBe(true);
    // Its checks include --check's TLS ones, where an old chasquid draws warnings: none may fail.
    expect(rerun.outcome.verified.restart?.find((c) => c.id === 'service.chasquid.current')).toMatchObject({ status: 'ok' });
    expect(rerun.outcome.verified.restart?.filter((c) => c.status === 'fail')).toEqual([]);
    expect(await mainPid(target.vps)).not.toBe(pidBefore);
    expect((await done.ctx.remote.exec(sh`test -e ${RESTART_PENDING} && echo pending || echo none`)).stdout.trim()).toBe('none');
  } finally {
    await done.ctx.remote.close();
  }
}, 300_000);
