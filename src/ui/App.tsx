// The wizard: a step list on the left, one screen on the right. Screens
// collect answers (validated by the answers-file schema), then the
// controller connects and runs the steps while the task tree is drawn here.
// The App holds the state and picks the screen of the phase; each screen is
// a component of its own (screens/), and the step list is phase.ts's.
import { useEffect, useState } from 'react';
import { Box, Text, useApp, useInput } from 'ink';
import type { Answers } from '../state/answers.js';
import type { Secrets } from '../state/secrets.js';
import { StepList } from './components/StepList.js';
import type { PreparedRun, ResumeInfo, WizardController } from './controller.js';
import type { TaskSnapshot } from './listr-bridge.js';
import { resultsAt, stepItems, type Phase } from './phase.js';
import { resultPages } from './result-pages.js';
import { Changes } from './screens/Changes.js';
import { Failed } from './screens/Failed.js';
import { Form } from './screens/Form.js';
import { Invalid } from './screens/Invalid.js';
import { Planning } from './screens/Planning.js';
import { Results } from './screens/Results.js';
import { Review, type ReviewChoice } from './screens/Review.js';
import { Running } from './screens/Running.js';
import { Status } from './screens/Status.js';
import { TextPage } from './components/TextPage.js';
import { Welcome, type WelcomeChoice } from './screens/Welcome.js';
import { makeUpMissingPasswords } from './sender-passwords.js';
import { useAsks } from './use-asks.js';
import { answersFromValues, valuesFromAnswers } from './values.js';
import { screens, type Values } from './wizard-screens.js';

export interface AppProps {
  controller: WizardController;
  initial?: Partial<Answers>;
  initialSecrets?: Secrets;
  /** Saved progress found for the prefilled host. */
  resume: ResumeInfo | null;
  /** Senders already set up on this host: they keep their passwords (none is generated for them). */
  knownSenders?: string[];
  onExit: (code: number) => void;
}

export function App({ controller, initial, initialSecrets, resume, knownSenders = [], onExit }: AppProps) {
  const { exit } = useApp();
  const [phase, setPhase] = useState<Phase>({ kind: 'welcome' });
  const [known, setKnown] = useState<string[]>(knownSenders);
  const [values, setValues] = useState<Values>(() => valuesFromAnswers(initial, initialSecrets));
  const [choice, setChoice] = useState<WelcomeChoice>('start');
  const [tree, setTree] = useState<TaskSnapshot[]>([]);
  const { ask, io } = useAsks();
  const [result, setResult] = useState<{ answers: Answers; secrets: Secrets; generated: string[] } | null>(null);
  const [skip, setSkip] = useState<string[]>([]);

  const finish = (code: number) => {
    onExit(code);
    exit();
  };

  // Ctrl+C quits at any point with 130. During the run the state file
  // already marks the current step as running; every remote write is atomic,
  // so the server stays consistent and the rerun redoes that step.
  useInput((input, key) => {
    if (key.ctrl && input === 'c') finish(130);
  });

  const start = async (finalValues: Values) => {
    let parsed;
    try {
      parsed = answersFromValues(finalValues, initialSecrets);
    } catch (error) {
      setPhase({ kind: 'invalid', problems: (error as Error).message });
      return;
    }
    const { answers, secrets } = parsed;
    const generated = makeUpMissingPasswords(answers, secrets, known);
    setResult({ answers, secrets, generated });
    // Nothing runs before the Review screen's Start: connect and plan first.
    setPhase({ kind: 'planning' });
    const prepared = await controller.review({ answers, secrets, io });
    setPhase('failed' in prepared ? { kind: 'failed', report: prepared.failed } : { kind: 'review', run: prepared });
  };

  const reviewed = async (run: PreparedRun, c: ReviewChoice) => {
    if (c === 'commands') return setPhase({ kind: 'review', run, commands: true });
    if (c === 'back') {
      await run.cancel();
      return setPhase({ kind: 'form', index: screens.length - 1 });
    }
    setPhase({ kind: 'running' });
    const report = await run.start({ recheck: choice === 'recheck', startOver: choice === 'restart', skip, onTree: setTree });
    setPhase(report.ok ? { kind: 'results', report, page: 0 } : { kind: 'failed', report });
  };

  const execute = async (answers: Answers, secrets: Secrets, how: WelcomeChoice, skipSteps = skip) => {
    setPhase({ kind: 'running' });
    const report = await controller.run({ answers, secrets, recheck: how === 'recheck', startOver: how === 'restart', skip: skipSteps, onTree: setTree, io });
    setPhase(report.ok ? { kind: 'results', report, page: 0 } : { kind: 'failed', report });
  };

  /** The status page; Enter returns to `back` (the resume screen, or the summary it was opened from). */
  const showStatus = async (back: Phase = { kind: 'welcome' }) => {
    setPhase({ kind: 'status', lines: null, back });
    try {
      const { answers, secrets } = answersFromValues(values, initialSecrets);
      setPhase({ kind: 'status', lines: await controller.status({ answers, secrets, io }), back });
    } catch (error) {
      setPhase({ kind: 'status', lines: [], error: (error as Error).message, back });
    }
  };

  useEffect(() => {
    if (phase.kind === 'form' && phase.index >= screens.length) void start(values);
  }, [phase]);

  const pagesOf = (report: Parameters<typeof resultPages>[0]) => (result ? resultPages(report, result.answers, result.secrets, result.generated) : []);
  const pages = phase.kind === 'results' ? pagesOf(phase.report) : [];

  const welcome = (c: WelcomeChoice) => {
    if (c === 'status') return void showStatus();
    if (c === 'change') return setPhase({ kind: 'changes' });
    setChoice(c);
    setPhase({ kind: 'form', index: 0 });
  };

  const body = (() => {
    switch (phase.kind) {
      case 'welcome':
        return <Welcome resume={resume} onChoice={welcome} />;
      case 'form': {
        const screen = screens[phase.index];
        // Past the last screen the review is prepared (the effect above); until then the planning screen shows.
        if (!screen) return <Planning address={values['host.address']} ask={ask} />;
        return (
          <Form
            key={screen.id}
            screen={screen}
            values={values}
            known={{ os: resume?.os }}
            onBack={() => setPhase(phase.index === 0 ? { kind: 'welcome' } : { kind: 'form', index: phase.index - 1 })}
            onDone={(next) => (setValues(next), setPhase({ kind: 'form', index: phase.index + 1 }))}
          />
        );
      }
      case 'invalid':
        return <Invalid problems={phase.problems} values={values} onBack={() => setPhase({ kind: 'welcome' })} onDone={(next) => (setValues(next), setPhase({ kind: 'form', index: 1 }))} />;
      case 'planning':
        return <Planning address={result?.answers.host.address} ask={ask} />;
      case 'review':
        if (phase.commands) {
          const back = () => setPhase({ kind: 'review', run: phase.run });
          return <TextPage title="The exact commands" why="What mailsetup --dry-run prints: each command, and each file written with its diff." lines={phase.run.commands.map((text) => ({ text }))} next="Enter: back to the review" onNext={back} />;
        }
        return <Review run={phase.run} onChoice={(c) => void reviewed(phase.run, c)} />;
      case 'running':
        return <Running address={result?.answers.host.address} ask={ask} tree={tree} />;
      case 'failed':
        return (
          <Failed
            report={phase.report}
            onRetry={() => void execute(result!.answers, result!.secrets, 'continue')}
            onSkip={() => {
              const next = [...skip, phase.report.failedStep!];
              setSkip(next);
              void execute(result!.answers, result!.secrets, 'continue', next);
            }}
            onQuit={() => finish(1)}
            onSummary={() => setPhase(resultsAt(phase.report, pagesOf(phase.report), 'summary'))}
          />
        );
      case 'status':
        return <Status ask={ask} lines={phase.lines} error={phase.error} onBack={() => setPhase(phase.back ?? { kind: 'welcome' })} />;
      case 'changes':
        return (
          <Changes
            ask={ask}
            prepare={async (change) => controller.prepareChange({ ...answersFromValues(values, initialSecrets), io, change })}
            onChanged={(saved) => {
              // The screens take the changed answers, and senders on the server keep their passwords.
              setValues(valuesFromAnswers(saved, initialSecrets));
              setKnown(saved.senders);
            }}
            onBack={() => setPhase({ kind: 'welcome' })}
          />
        );
      case 'results': {
        const failed = !phase.report.ok || phase.report.checks.some((c) => c.status === 'fail');
        return <Results pages={pages} page={phase.page} onPage={(page) => setPhase({ ...phase, page })} onQuit={() => finish(failed ? 1 : 0)} onStatus={() => void showStatus(phase)} />;
      }
    }
  })();

  return (
    <Box flexDirection="column" width={80}>
      <Text bold>mailsetup</Text>
      <Box>
        <StepList items={stepItems(phase, pages)} />
        <Box flexDirection="column" width={56}>
          {body}
        </Box>
      </Box>
    </Box>
  );
}
