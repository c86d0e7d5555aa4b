// A page of text that may be longer than the screen: ↑/↓ scroll, Enter goes on.
// Long lines are wrapped to the pane, never cut, and scrolling counts rows.
import { useMemo, useState } from 'react';
import { Box, Text, useInput } from 'ink';
import { color } from '../theme.js';
import { PANE_WIDTH, wrapIndented } from '../wrap.js';

export interface TextPageProps {
  title: string;
  why: string;
  lines: { text: string; tone?: 'green' | 'red' | 'yellow' | 'gray' | 'cyan' }[];
  /** Rows of the page body (the layout fits 80x24). */
  rows?: number;
  /** Columns of the page body. */
  width?: number;
  onNext: () => void;
  next?: string;
  /** Only Enter goes on (not q): for a page that asks the user to confirm something they did. */
  enterOnly?: boolean;
}

export function TextPage({ title, why, lines: given, rows = 15, width = PANE_WIDTH, onNext, next = 'Enter: next', enterOnly = false }: TextPageProps) {
  const [top, setTop] = useState(0);
  const lines = useMemo(() => given.flatMap(({ text, tone }) => wrapIndented(text, width).map((row) => ({ text: row, tone }))), [given, width]);
  const last = Math.max(0, lines.length - rows);
  useInput((input, key) => {
    if (key.upArrow) setTop((t) => Math.max(0, t - 1));
    else if (key.downArrow) setTop((t) => Math.min(last, t + 1));
    else if (key.pageDown || input === ' ') setTop((t) => Math.min(last, t + rows));
    else if (key.pageUp) setTop((t) => Math.max(0, t - rows));
    else if (key.return || (input === 'q' && !enterOnly)) onNext();
  });
  return (
    <Box flexDirection="column">
      <Text bold color={color('cyan')}>
        {title}
      </Text>
      <Text color={color('gray')} wrap="wrap">
        {why}
      </Text>
      {lines.slice(top, top + rows).map((line, i) => (
        <Text key={top + i} color={line.tone ? color(line.tone) : undefined} wrap="truncate-end">
          {line.text || ' '}
        </Text>
      ))}
      <Text color={color('gray')}>
        {lines.length > rows ? `↑/↓ scroll (${top + 1}-${Math.min(lines.length, top + rows)} of ${lines.length}) · ` : ''}
        {next}
      </Text>
    </Box>
  );
}
