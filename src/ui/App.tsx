// The wizard: a step list on the left, one screen on the right. Screens
// collect answers (validated by the answers-file schema), then the
// controller connects and runs the steps while the task tree is drawn here.
import { randomBytes } from 'node:crypto';
import { useEffect, useState } from 'react';
import { Box, Text, useApp, useInput } from 'ink';
import type { Answers } from '../state/answers.js';
import type { Secrets } from '../state/secrets.js';
import { StepList, type StepItem } from './components/StepList.js';
import { TaskTree } from './components/TaskTree.js';
import type { ResumeInfo, RunReport, WizardController } from './controller.js';
import type { TaskSnapshot } from './listr-bridge.js';
import type { RecordsReview } from '../tasks/types.js';
import { Ask, type AskRequest } from './screens/Ask.js';
import { Failed } from './screens/Failed.js';
import { Form } from './screens/Form.js';
import { TextPage } from './components/TextPage.js';
import { resultPages } from './result-pages.js';
import { Changes } from './screens/Changes.js';
import { Welcome, type WelcomeChoice } from './screens/Welcome.js';
import { OnKey } from './components/OnKey.js';
import { color } from './theme.js';
import { answersFromValues, valuesFromAnswers } from './values.js';
import { screens, type Values } from './wizard-screens.js';

type Phase =
  | { kind: 'welcome' }
  | { kind: 'form'; index: number }
  | { kind: 'invalid'; problems: string }
  | { kind: 'running' }
  | { kind: 'results'; report: RunReport; page: number }
  | { kind: 'status'; lines: string[] | null; error?: string; back?: Phase }
  | { kind: 'changes' }
  | { kind: 'failed'; report: RunReport };

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

const RUN_ITEMS = [
  { id: 'run', title: 'Set up the server' },
  { id: 'records', title: 'DNS records' },
  { id: 'rdns', title: 'Reverse DNS' },
  { id: 'sendas', title: 'Send as (Gmail)' },
  { id: 'summary', title: 'Summary' },
];

export function App({ controller, initial, initialSecrets, resume, knownSenders = [], onExit }: AppProps) {
  const { exit } = useApp();
  const [phase, setPhase] = useState<Phase>({ kind: 'welcome' });
  const [known, setKnown] = useState<string[]>(knownSenders);
  const [values, setValues] = useState<Values>(() => valuesFromAnswers(initial, initialSecrets));
  const [choice, setChoice] = useState<WelcomeChoice>('start');
  const [tree, setTree] = useState<TaskSnapshot[]>([]);
  const [ask, setAsk] = useState<AskRequest | null>(null);
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
    // A sender without a password gets a generated one, shown once on the summary.
    const generated = answers.senders.filter((s) => !secrets.senderPasswords[s] && !known.includes(s));
    for (const address of generated) secrets.senderPasswords[address] = randomBytes(15).toString('base64url');
    setResult({ answers, secrets, generated });
    await execute(answers, secrets, choice);
  };

  const execute = async (answers: Answers, secrets: Secrets, how: WelcomeChoice, skipSteps = skip) => {
    setPhase({ kind: 'running' });
    const report = await controller.run({ answers, secrets, recheck: how === 'recheck', startOver: how === 'restart', skip: skipSteps, onTree: setTree, io });
    setPhase(report.ok ? { kind: 'results', report, page: 0 } : { kind: 'failed', report });
  };

  const io = {
    confirmHostKey: (fingerprint: string, host: string) =>
      new Promise<boolean>((resolve) => setAsk({ kind: 'hostkey', host, fingerprint, resolve: (ok) => (setAsk(null), resolve(ok)) })),
    askSecret: (prompt: string) => new Promise<string>((resolve) => setAsk({ kind: 'secret', prompt, resolve: (v) => (setAsk(null), resolve(v)) })),
    reviewRecords: (review: RecordsReview) => new Promise<void>((resolve) => setAsk({ kind: 'records', review, resolve: () => (setAsk(null), resolve()) })),
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

  const pages = phase.kind === 'results' && result ? resultPages(phase.report, result.answers, result.secrets, result.generated) : [];
  const current =
    phase.kind === 'form' ? screens[phase.index]?.id : phase.kind === 'running' ? 'run' : phase.kind === 'results' ? pages[phase.page]?.id : undefined;
  const order = [...screens.map((s) => ({ id: s.id, title: s.title })), ...RUN_ITEMS];
  const at = order.findIndex((s) => s.id === current);
  // Day two from the resume screen is not a walk through the setup: the list shows where the user is instead.
  const aside = phase.kind === 'changes' ? 'Change the server' : phase.kind === 'status' && phase.back?.kind !== 'results' ? 'Status and logs' : null;
  const items: StepItem[] = aside
    ? [{ id: 'welcome', title: 'Welcome', state: 'done' }, { id: 'aside', title: aside, state: 'current' }]
    : [{ id: 'welcome', title: 'Welcome', state: phase.kind === 'welcome' ? 'current' : 'done' }].concat(
    order.map((s, i) => ({
      id: s.id,
      title: s.title,
      state:
        phase.kind === 'results' && s.id === 'run' && !phase.report.ok ? 'failed' : i < at ? 'done' : i === at ? 'current' : 'pending',
    })) as StepItem[],
  ) as StepItem[];

  let body;
  if (phase.kind === 'welcome') {
    body = (
      <Welcome
        resume={resume}
        onChoice={(c) => {
          if (c === 'status') {
            void showStatus();
            return;
          }
          if (c === 'change') {
            setPhase({ kind: 'changes' });
            return;
          }
          setChoice(c);
          setPhase({ kind: 'form', index: 0 });
        }}
      />
    );
  } else if (phase.kind === 'form' && phase.index < screens.length) {
    const screen = screens[phase.index]!;
    body = (
      <Form
        key={screen.id}
        screen={screen}
        values={values}
        known={{ os: resume?.os }}
        onBack={() => setPhase(phase.index === 0 ? { kind: 'welcome' } : { kind: 'form', index: phase.index - 1 })}
        onDone={(next) => {
          setValues(next);
          setPhase({ kind: 'form', index: phase.index + 1 });
        }}
      />
    );
  } else if (phase.kind === 'invalid') {
    body = (
      <Box flexDirection="column">
        <Text color={color('red')}>{phase.problems}</Text>
        <Text>Press Esc on a screen to go back; starting again from the first screen.</Text>
        <Form key="retry" screen={screens[0]!} values={values} onBack={() => setPhase({ kind: 'welcome' })} onDone={(next) => (setValues(next), setPhase({ kind: 'form', index: 1 }))} />
      </Box>
    );
  } else if (phase.kind === 'failed') {
    body = (
      <Failed
        report={phase.report}
        onRetry={() => void execute(result!.answers, result!.secrets, 'continue')}
        onSkip={() => {
          const next = [...skip, phase.report.failedStep!];
          setSkip(next);
          void execute(result!.answers, result!.secrets, 'continue', next);
        }}
        onQuit={() => finish(1)}
        onSummary={() => setPhase({ kind: 'results', report: phase.report, page: 3 })}
      />
    );
  } else if (phase.kind === 'status') {
    body = ask ? (
      <Ask request={ask} />
    ) : phase.lines === null ? (
      <Text>Reading the server's status and log...</Text>
    ) : (
      <TextPage
        title="Status and logs"
        why="chasquid's state and its latest log lines; trouble is explained in one line."
        lines={[...(phase.error ? [{ text: phase.error, tone: 'red' as const }] : []), ...phase.lines.map((text) => ({ text }))]}
        next="Enter: back"
        onNext={() => setPhase(phase.back ?? { kind: 'welcome' })}
      />
    );
  } else if (phase.kind === 'changes') {
    body = (
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
  } else if (phase.kind === 'running' || phase.kind === 'form') {
    body = (
      <Box flexDirection="column">
        <Text bold color={color('cyan')}>
          Setting up {result?.answers.host.address ?? 'the server'}
        </Text>
        {ask ? <Ask request={ask} /> : <TaskTree tree={tree} />}
      </Box>
    );
  } else {
    const page = pages[phase.page]!;
    const lastPage = phase.page >= pages.length - 1;
    const failed = !phase.report.ok || phase.report.checks.some((c) => c.status === 'fail');
    body = (
      <>
        <TextPage
          key={page.id}
          title={page.title}
          why={page.why}
          lines={page.lines}
          next={lastPage ? 'Enter: quit · s: status and logs' : 'Enter: next'}
          onNext={() => (lastPage ? finish(failed ? 1 : 0) : setPhase({ ...phase, page: phase.page + 1 }))}
        />
        {lastPage ? <OnKey keys={{ s: () => void showStatus(phase) }} /> : null}
      </>
    );
  }


  return (
    <Box flexDirection="column" width={80}>
      <Text bold>mailsetup</Text>
      <Box>
        <StepList items={items} />
        <Box flexDirection="column" width={56}>
          {body}
        </Box>
      </Box>
    </Box>
  );
}

