// The `mailsetup --check` report on a terminal: grouped by area, ✓ ! ✗ per
// check, the fix under each warning and failure, families still running
// listed at the bottom. Pure view: results come in through props.
import { Box, Text } from 'ink';
import { groupByArea, summaryLine, SYMBOLS } from '../checks/report.js';
import type { CheckResult, CheckStatus } from '../checks/types.js';
import { worst } from '../checks/types.js';

const COLOR: Record<CheckStatus, string> = { ok: 'green', warn: 'yellow', fail: 'red', skip: 'gray' };

export interface CheckReportProps {
  domain: string;
  hostname: string;
  results: CheckResult[];
  /** Check families still running. */
  pending?: string[];
  done?: boolean;
}

function ResultLine({ result }: { result: CheckResult }) {
  const showFix = (result.status === 'fail' || result.status === 'warn') && result.fix;
  return (
    <Box flexDirection="column" marginLeft={2}>
      <Text>
        <Text color={COLOR[result.status]}>{SYMBOLS[result.status]}</Text> {result.title}
        {result.details ? <Text dimColor>: {result.details}</Text> : null}
      </Text>
      {showFix ? <Text color={COLOR[result.status]}>{'    fix: '}{result.fix}</Text> : null}
    </Box>
  );
}

export function CheckReport({ domain, hostname, results, pending = [], done = true }: CheckReportProps) {
  return (
    <Box flexDirection="column">
      <Text bold>
        mailsetup check: {domain} ({hostname})
      </Text>
      {groupByArea(results).map(([area, group]) => (
        <Box key={area} flexDirection="column" marginTop={1}>
          <Text bold>{area}</Text>
          {group.map((r) => (
            <ResultLine key={r.id} result={r} />
          ))}
        </Box>
      ))}
      {!done && pending.length > 0 ? (
        <Box marginTop={1}>
          <Text dimColor>checking: {pending.join(', ')}…</Text>
        </Box>
      ) : null}
      {done ? (
        <Box marginTop={1}>
          <Text color={COLOR[worst(results)]}>{summaryLine(results)}</Text>
        </Box>
      ) : null}
    </Box>
  );
}
