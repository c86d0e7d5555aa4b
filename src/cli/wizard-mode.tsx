// The guided run: Ink draws the screens; this controller does the remote
// work the screens ask for (connect, run steps, run checks), so src/ui has
// no remote I/O of its own.
import { render } from 'ink';
import type { CliRequest } from './args.js';
import { labInput, type RunInput } from '../session/run-input.js';
import { transientLine } from './transient-line.js';
import { App } from '../ui/App.js';
import type { PreparedChange, ResumeInfo, RunReport, WizardController } from '../ui/controller.js';
import { StateStore } from '../state/store.js';
import { defaultStateDir } from '../state/paths.js';
import type { Answers } from '../state/answers.js';
import { secretsFromEnv, emptySecrets } from '../state/secrets.js';

// The steps pull in the SSH engine, DNS and checks: loaded when the run
// starts, not before the first frame.
const loadSteps = async () => (await import('../tasks/steps.js')).steps;

function controller(request: CliRequest, input: RunInput | null): WizardController {
  const stateDir = request.stateDir ?? defaultStateDir();
  return {
    async resumeInfo(answers: Answers): Promise<ResumeInfo | null> {
      if (!answers.host?.address) return null;
      const store = await StateStore.open(stateDir, answers.host.user ?? 'root', answers.host.address, answers.host.port ?? 22);
      if (!store.exists) return null;
      const steps = await loadSteps();
      const os = store.data.facts.os;
      return {
        host: store.data.host,
        steps: steps.map((s) => ({ id: s.id, title: s.title, status: store.status(s.id) })),
        ...(os ? { os: { id: os.id, versionId: os.versionId } } : {}),
      };
    },
    async status({ answers, secrets, io }): Promise<string[]> {
      const { openSession } = await import('../session/session.js');
      const { statusLines } = await import('./status-lines.js');
      // The saved answers, not the screens' (a session saves its answers back: day-two changes must survive a look at the status).
      const { savedTarget } = await import('../session/target.js');
      const target = await savedTarget(stateDir, { answers, secrets, resolver: input?.resolver, caFile: input?.caFile, knownHostsFile: input?.knownHostsFile });
      const session = await openSession({ ...target, stateDir, io });
      try {
        return await statusLines(session.ctx);
      } finally {
        await session.close();
      }
    },
    async prepareChange({ answers, secrets, io, change }): Promise<PreparedChange> {
      const { openChange } = await import('./wizard-change.js');
      return openChange({ answers, secrets, resolver: input?.resolver, caFile: input?.caFile, knownHostsFile: input?.knownHostsFile }, stateDir, io, change);
    },
    async review({ answers, secrets, io }) {
      const { openReview } = await import('./wizard-review.js');
      return openReview({ answers, secrets, io, stateDir, input, lab: Boolean(request.lab) });
    },
    async run({ answers, secrets, recheck, startOver, skip, io, onTree }): Promise<RunReport> {
      const { openRun, runIn } = await import('./wizard-run.js');
      const t = { answers, secrets, io, stateDir, input, lab: Boolean(request.lab) };
      const opened = await openRun(t);
      if ('failed' in opened) return opened.failed;
      return runIn(opened.session, await loadSteps(), t, { recheck, startOver, skip, onTree });
    },
  };
}

/** Answers saved for --host, or for the host worked on last when none is named. */
async function savedAnswers(request: CliRequest): Promise<Partial<Answers> | undefined> {
  const stateDir = request.stateDir ?? defaultStateDir();
  if (request.host) {
    const { user = 'root', address, port = 22 } = request.host;
    const store = await StateStore.open(stateDir, user, address, port);
    return store.data.answers ?? { host: { address, user, port } };
  }
  return (await StateStore.latest(stateDir))?.data.answers;
}

export async function wizardMode(request: CliRequest): Promise<number> {
  // `mailsetup --lab` is the newcomer's first command: it brings the lab up when it is down.
  // Its note is erased once the lab is up: the wizard's frame starts where the note stood.
  const input = request.lab ? await labInput(request, true, transientLine) : null;
  const initial: Partial<Answers> | undefined = input?.answers ?? (await savedAnswers(request));
  const ctl = controller(request, input);
  const resume = initial ? await ctl.resumeInfo(initial as Answers) : null;
  let code = 0;
  const app = render(
    <App
      controller={ctl}
      initial={initial}
      initialSecrets={input?.secrets ?? secretsFromEnv(process.env, emptySecrets())}
      resume={resume}
      knownSenders={resume ? (initial?.senders ?? []) : []}
      onExit={(c) => (code = c)}
    />,
    { exitOnCtrlC: false },
  );
  await app.waitUntilExit();
  if (code === 130) {
    // Interrupted: the SSH connection of a running step would keep the
    // process alive; progress is already saved, so leave now.
    process.stderr.write('mailsetup: interrupted. Progress is saved: run the same command again to continue.\n');
    process.exit(130);
  }
  return code;
}
