// "Change the server": the day-two changes after a finished setup. Each one
// goes menu -> its form -> the plan (nothing changed yet) -> yes -> the work,
// narrated live -> its checks -> back to the menu. The remote work is the
// controller's (prepare); this screen only draws and asks.
import { useRef, useState } from 'react';
import { Box, Text, useInput } from 'ink';
import type { ChangeRequest } from '../../day2/change-request.js';
import type { Answers } from '../../state/answers.js';
import { Select } from '../components/Select.js';
import { Spinner } from '../components/Spinner.js';
import { appendLine, TONE_COLOR, type ChangeLine } from '../change-lines.js';
import { changes, type ChangeSpec } from '../change-screens.js';
import type { ChangeReport, PreparedChange } from '../controller.js';
import { color } from '../theme.js';
import { Ask, type AskRequest } from './Ask.js';
import { ChangePlan } from './ChangePlan.js';
import { ChangeResult } from './ChangeResult.js';
import { Form } from './Form.js';

type Step =
  | { kind: 'menu' }
  | { kind: 'form'; spec: ChangeSpec }
  | { kind: 'preparing'; spec: ChangeSpec }
  | { kind: 'plan'; spec: ChangeSpec; prepared: PreparedChange }
  | { kind: 'running'; spec: ChangeSpec }
  | { kind: 'result'; spec: ChangeSpec; report: ChangeReport }
  | { kind: 'error'; spec: ChangeSpec; message: string };

export interface ChangesProps {
  /** Connect and plan (the controller's prepareChange, with the wizard's answers and prompts). */
  prepare: (request: ChangeRequest) => Promise<PreparedChange>;
  /** A question the SSH connection asks meanwhile (host key, password). */
  ask: AskRequest | null;
  /** A change ran: the host's saved answers now, so a later Continue or Recheck does not undo it. */
  onChanged: (saved: Answers) => void;
  onBack: () => void;
}

const BACK = '_back';

export function Changes({ prepare, ask, onChanged, onBack }: ChangesProps) {
  const [step, setStep] = useState<Step>({ kind: 'menu' });
  const [lines, setLines] = useState<ChangeLine[]>([]);
  // Narration can arrive faster than renders: every line appends to the ref.
  const narration = useRef<ChangeLine[]>([]);
  const menu = () => setStep({ kind: 'menu' });

  useInput((_input, key) => {
    if (step.kind === 'menu' && key.escape) onBack();
    else if (step.kind === 'error' && (key.return || key.escape)) setStep(step.spec.screen.fields.length ? { kind: 'form', spec: step.spec } : { kind: 'menu' });
  });

  const plan = async (spec: ChangeSpec, request: ChangeRequest) => {
    setStep({ kind: 'preparing', spec });
    try {
      setStep({ kind: 'plan', spec, prepared: await prepare(request) });
    } catch (error) {
      setStep({ kind: 'error', spec, message: (error as Error).message });
    }
  };

  const run = async (spec: ChangeSpec, prepared: PreparedChange) => {
    narration.current = [];
    setLines([]);
    setStep({ kind: 'running', spec });
    const report = await prepared.run((line) => {
      narration.current = appendLine(narration.current, line);
      setLines(narration.current);
    });
    if (report.answers) onChanged(report.answers);
    setStep({ kind: 'result', spec, report });
  };

  if (ask) return <Ask request={ask} />;
  switch (step.kind) {
    case 'menu':
      return (
        <Box flexDirection="column">
          <Text bold color={color('cyan')}>
            Change the server
          </Text>
          <Text color={color('gray')} wrap="wrap">
            Each change shows what it will do and asks first, then checks its work.
          </Text>
          <Text> </Text>
          <Select
            label="Which change?"
            rows={11}
            items={[...changes.map((c) => ({ value: c.id, label: c.label, hint: c.hint })), { value: BACK, label: 'Back' }]}
            onSubmit={(id) => {
              const spec = changes.find((c) => c.id === id);
              if (!spec) onBack();
              else if (spec.screen.fields.length === 0) void plan(spec, spec.request({}));
              else setStep({ kind: 'form', spec });
            }}
          />
          <Text> </Text>
          <Text color={color('gray')}>Enter: choose · Esc: back</Text>
        </Box>
      );
    case 'form':
      return <Form key={step.spec.id} screen={step.spec.screen} values={{}} onBack={menu} onDone={(values) => void plan(step.spec, step.spec.request(values))} />;
    case 'preparing':
      return (
        <Text>
          <Spinner /> {step.spec.label}: connecting and reading the server…
        </Text>
      );
    case 'plan':
      if (step.prepared.nothing) return <Nothing text={step.prepared.nothing} onDone={() => void step.prepared.cancel().finally(menu)} />;
      return (
        <ChangePlan
          title={step.spec.label}
          plan={step.prepared.plan}
          command={step.prepared.command}
          onAnswer={(yes) => (yes ? void run(step.spec, step.prepared) : void step.prepared.cancel().finally(menu))}
        />
      );
    case 'running':
      return (
        <Box flexDirection="column">
          <Text bold color={color('cyan')}>
            <Spinner /> {step.spec.label}
          </Text>
          {lines.slice(-14).map((line, i) => (
            <Text key={i} color={TONE_COLOR[line.tone] ? color(TONE_COLOR[line.tone]!) : undefined} wrap="truncate-end">
              {line.text}
            </Text>
          ))}
        </Box>
      );
    case 'result':
      return <ChangeResult title={step.spec.label} report={step.report} lines={lines} onDone={menu} />;
    case 'error':
      return (
        <Box flexDirection="column">
          <Text bold color={color('red')}>
            {step.spec.label}: not possible
          </Text>
          <Text wrap="wrap">{step.message}</Text>
          <Text>Nothing was changed.</Text>
          <Text color={color('gray')}>Enter: back</Text>
        </Box>
      );
  }
}

function Nothing({ text, onDone }: { text: string; onDone: () => void }) {
  useInput((_input, key) => {
    if (key.return || key.escape) onDone();
  });
  return (
    <Box flexDirection="column">
      <Text>{text}</Text>
      <Text color={color('gray')}>Enter: back to the menu</Text>
    </Box>
  );
}
