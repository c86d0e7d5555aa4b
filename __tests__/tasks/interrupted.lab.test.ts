// A run killed in the middle of the chasquid step (the SSH link cut while
// apt unpacks chasquid), then run again, ends in the same working server.
import { labReset } from '../../src/lab/index.js';
import type { Remote } from '../../src/remote/types.js';
import type { StepContext } from '../../src/tasks/types.js';
import { labTarget, provision } from '../helpers/provision.js';

const OS = 'debian13';

/** Cut the connection when apt starts unpacking chasquid. */
function cutDuringChasquidInstall(ctx: StepContext): void {
  const real = ctx.remote;
  const cutting: Remote = Object.create(real);
  cutting.exec = (command, options = {}) => {
    // The install command that asks dpkg about chasquid, then runs apt-get on what is missing.
    if (!(/\bchasquid\b/.test(command.text) && /apt-get [\s\S]*install/.test(command.text))) return real.exec(command, options);
    return real.exec(command, {
      ...options,
      onLine: (line, stream) => {
        options.onLine?.(line, stream);
        if (/Unpacking chasquid|Setting up chasquid/.test(line)) void real.close();
      },
    });
  };
  ctx.remote = cutting;
}

test('killed during the chasquid install, a rerun finishes the same working server', async () => {
  if (!(await labTarget(OS))) throw new Error(`the lab's ${OS} VPS is not up`);
  await labReset({ os: [OS] });
  const target = (await labTarget(OS))!;
  const withCa = (ctx: StepContext) => ((ctx as StepContext & { caFile?: string }).caFile = target.info.acme.caFile);

  const cut = await provision(target, { adjust: (ctx) => (withCa(ctx), cutDuringChasquidInstall(ctx)) });
  expect(cut.outcome.ok).toBe(false);
  // The certificate is being issued beside chasquid's install: the lost link stops both, and either may be the first to say so.
  expect(['chasquid', 'certificate']).toContain(cut.outcome.failedStep);
  expect(cut.store.status('chasquid')).toBe('failed');

  const again = await provision(target, { stateDir: cut.stateDir, adjust: withCa });
  expect(again.outcome.error?.message).toBeUndefined();
  expect(again.outcome.ok).toBe(true);
  expect(again.ctx.facts.proof).toMatchObject({ dkim: 'pass' });
}, 600_000);
