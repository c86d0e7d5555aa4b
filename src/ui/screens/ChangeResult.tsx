// After a day-two change: its last lines, a made-up password (shown this
// once: leaving the screen forgets it), and the checks in the same report
// as `mailsetup --check`, scrollable so a long one fits 80x24.
import { useState } from 'react';
import { Box, Text, useInput } from 'ink';
import { CheckReport } from '../check-report.js';
import { TONE_COLOR, type ChangeLine } from '../change-lines.js';
import type { ChangeReport } from '../controller.js';
import { color } from '../theme.js';

export interface ChangeResultProps {
  title: string;
  report: ChangeReport;
  lines: ChangeLine[];
  /** Rows for the check report (the rest of the screen holds the lines above it). */
  rows?: number;
  onDone: () => void;
}

export function ChangeResult({ title, report, lines, rows, onDone }: ChangeResultProps) {
  const [top, setTop] = useState(0);
  const tail = lines.slice(report.shownOnce ? -2 : -4);
  const height = rows ?? (report.shownOnce ? 10 : 12);
  // The report's own height is not known before drawing: one row per check and fix, two per area, four around.
  const areas = new Set(report.checks.map((c) => c.area)).size;
  const last = Math.max(0, report.checks.length * 2 + areas * 2 + 4 - height);
  useInput((input, key) => {
    if (key.upArrow) setTop((t) => Math.max(0, t - 1));
    else if (key.downArrow) setTop((t) => Math.min(last, t + 1));
    else if (key.return || input === 'q') onDone();
  });
  return (
    <Box flexDirection="column">
      <Text bold color={color(report.ok ? 'green' : 'red')}>
        {title}: {report.error ? 'stopped' : report.ok ? 'done' : 'done, but a check fails'}
      </Text>
      {report.error ? (
        <Text color={color('red')} wrap="wrap">
          {report.error}
        </Text>
      ) : null}
      {tail.map((line, i) => (
        <Text key={i} color={color_(line.tone)} wrap="truncate-end">
          {line.text}
        </Text>
      ))}
      {report.shownOnce ? (
        <Box flexDirection="column" borderStyle="round" paddingX={1}>
          <Text>Its password, shown this once:</Text>
          <Text bold color={color('cyan')}>
            {report.shownOnce}
          </Text>
          <Text color={color('gray')}>mailsetup keeps no copy: note it now.</Text>
        </Box>
      ) : null}
      {report.checks.length ? (
        <Box height={height} overflowY="hidden" flexDirection="column">
          <Box marginTop={-top} flexDirection="column" flexShrink={0}>
            <CheckReport domain={report.domain} hostname={report.hostname} results={report.checks} />
          </Box>
        </Box>
      ) : null}
      <Text color={color('gray')}>{last > 0 ? '↑/↓ scroll · ' : ''}Enter: back to the menu</Text>
    </Box>
  );
}

const color_ = (tone: ChangeLine['tone']) => {
  const name = TONE_COLOR[tone];
  return name ? color(name) : undefined;
};
