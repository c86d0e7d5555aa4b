// `mailsetup --answers FILE [--yes]`, `mailsetup --lab --yes` and
// `--dry-run`: the steps run with listr2's own renderer (the default one on
// a terminal, plain lines otherwise), no Ink.
import type { CliRequest } from './args.js';
import { answersInput } from '../session/run-input.js';
import { openSession, unattendedIo } from '../session/session.js';
import { printOutcome } from './outcome.js';

export async function unattendedMode(request: CliRequest): Promise<number> {
  const input = await answersInput(request);
  const dryRun = request.mode === 'dry-run';
  // The steps pull in most of mailsetup's code: load them while SSH connects.
  const loading = Promise.all([import('../tasks/runner.js'), import('../tasks/steps.js')]);
  loading.catch(() => undefined); // awaited below; a failed connection must not leave it unhandled
  const session = await openSession({
    answers: input.answers,
    secrets: input.secrets,
    stateDir: request.stateDir,
    resolver: input.resolver,
    caFile: input.caFile,
    knownHostsFile: input.knownHostsFile,
    dryRun,
    io: unattendedIo(input.answers, input.secrets),
  });
  try {
    const [{ runSteps }, { steps }] = await loading;
    if (dryRun) {
      const { dryRunMode } = await import('./dry-run-mode.js');
      return await dryRunMode(session, steps);
    }
    const outcome = await runSteps({
      steps,
      ctx: session.ctx,
      store: session.store,
      renderer: process.stdout.isTTY && !process.env.CI ? 'default' : 'simple',
    });
    session.logger.line(`remote commands: ${session.remote.commandCount} over one SSH connection`);
    return printOutcome(outcome, session, request.lab);
  } finally {
    await session.close();
  }
}
