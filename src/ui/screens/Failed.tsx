// A step failed: what happened and what to do (the error carries the fix),
// then retry (the run resumes: finished steps are verified and skipped),
// skip the step (only one nothing later needs: the step says so), the check
// report, or quit with the progress kept.
import { useRef } from 'react';
import { Box, Text } from 'ink';
import { Select } from '../components/Select.js';
import type { RunReport } from '../controller.js';
import { color } from '../theme.js';
import { wrapIndented } from '../wrap.js';

export interface FailedProps {
  report: RunReport;
  onRetry: () => void;
  /** Offered only when the report says the failed step may be skipped. */
  onSkip?: () => void;
  onQuit: () => void;
  onSummary: () => void;
}

export function Failed({ report, onRetry, onSkip, onQuit, onSummary }: FailedProps) {
  const canSkip = Boolean(report.failedSkippable && onSkip);
  // One choice only: a second Enter before the next screen is drawn must not start a second run.
  const chosen = useRef(false);
  // The message is wrapped, never cut: its fix is usually at the end.
  const rows = (report.error ?? 'unknown error').split('\n').flatMap((line) => wrapIndented(line));
  const room = canSkip ? 10 : 12;
  const lines = rows.length > room ? rows.slice(0, room - 1) : rows;
  const hidden = rows.length - lines.length;
  return (
    <Box flexDirection="column">
      <Text bold color={color('red')}>
        Stopped at "{report.failedStep}"
      </Text>
      {lines.map((line, i) => (
        <Text key={i} color={i === 0 ? color('red') : undefined}>
          {line}
        </Text>
      ))}
      {hidden > 0 ? (
        <Text color={color('gray')} wrap="wrap">
          … {hidden} more lines{report.logFile ? `, in full in ${report.logFile}` : ''}
        </Text>
      ) : null}
      <Text color={color('gray')}>Progress is saved; the server is left consistent.</Text>
      <Select
        label="What now?"
        items={[
          { value: 'retry', label: 'Retry', hint: '(after fixing the cause; done steps are skipped)' },
          ...(canSkip ? [{ value: 'skip', label: 'Skip this step', hint: '(nothing later needs it)' }] : []),
          { value: 'summary', label: 'Show the check report' },
          { value: 'quit', label: 'Quit', hint: '(run mailsetup again later to continue)' },
        ]}
        onSubmit={(v) => {
          if (chosen.current) return;
          chosen.current = true;
          if (v === 'retry') onRetry();
          else if (v === 'skip') onSkip!();
          else if (v === 'summary') onSummary();
          else onQuit();
        }}
      />
      {canSkip ? (
        <Text color={color('yellow')} wrap="wrap">
          Skipping: {report.failedSkippable}.
        </Text>
      ) : null}
    </Box>
  );
}
