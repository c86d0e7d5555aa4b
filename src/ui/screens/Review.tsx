// Before anything on the server changes: where the run goes (user@host:port,
// the host key), then what each step will do there, from a dry run over the
// same connection. Start is a choice of its own; Esc goes back to the answers.
import { useMemo, useRef, useState } from 'react';
import { Box, Text, useInput } from 'ink';
import { Select } from '../components/Select.js';
import type { PreparedRun } from '../controller.js';
import { reviewLines } from '../review-lines.js';
import { color } from '../theme.js';
import { wrapIndented } from '../wrap.js';

export type ReviewChoice = 'start' | 'commands' | 'back';

export interface ReviewProps {
  run: PreparedRun;
  /** Rows of the plan shown at once (the layout fits 80x24). */
  rows?: number;
  onChoice: (choice: ReviewChoice) => void;
}

export function Review({ run, rows = 10, onChoice }: ReviewProps) {
  const [top, setTop] = useState(0);
  const lines = useMemo(() => reviewLines(run.steps).flatMap(({ text, tone }) => wrapIndented(text).map((row) => ({ text: row, tone }))), [run]);
  const last = Math.max(0, lines.length - rows);
  // One choice per screen: a second Enter before the next screen draws must not start a second run.
  const chosen = useRef(false);
  const choose = (c: ReviewChoice) => {
    if (chosen.current) return;
    chosen.current = true;
    onChoice(c);
  };
  // ↑/↓ belong to the choice below; the plan pages with Space and PgUp/PgDn.
  useInput((input, key) => {
    if (key.escape) choose('back');
    else if (key.pageDown || input === ' ') setTop((t) => Math.min(last, t + rows));
    else if (key.pageUp) setTop((t) => Math.max(0, t - rows));
  });
  return (
    <Box flexDirection="column">
      <Text bold color={color('cyan')}>
        Review: nothing has changed yet
      </Text>
      <Text wrap="wrap">Target: {run.target}</Text>
      <Text wrap="wrap">Host key: {run.hostKey ?? '(not shown by the server)'}</Text>
      {lines.slice(top, top + rows).map((line, i) => (
        <Text key={top + i} color={line.tone ? color(line.tone) : undefined} wrap="truncate-end">
          {line.text || ' '}
        </Text>
      ))}
      {lines.length > rows ? (
        <Text color={color('gray')}>
          Space/PgDn: more ({top + 1}-{Math.min(lines.length, top + rows)} of {lines.length})
        </Text>
      ) : null}
      <Select
        label="Go ahead?"
        rows={3}
        items={[
          { value: 'start' as const, label: 'Start', hint: run.steps.length ? '(make these changes now)' : '(run the checks)' },
          { value: 'commands' as const, label: 'Show the exact commands', hint: '(as --dry-run prints them)' },
          { value: 'back' as const, label: 'Back to the answers', hint: '(Esc)' },
        ]}
        onSubmit={choose}
      />
    </Box>
  );
}
