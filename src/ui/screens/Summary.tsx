// The end of the run: what to set by hand (PTR, Gmail "send mail as"), the
// sender passwords (shown once), the check report and where things are.
import { Box, Text, useInput } from 'ink';
import type { CheckResult } from '../../checks/types.js';
import type { Answers } from '../../state/answers.js';
import type { Secrets } from '../../state/secrets.js';
import type { RunReport } from '../controller.js';
import { color } from '../theme.js';

const MARK = { ok: '✓', warn: '!', fail: '✗', skip: '-' } as const;
const TONE = { ok: 'green', warn: 'yellow', fail: 'red', skip: 'gray' } as const;

function CheckLine({ result }: { result: CheckResult }) {
  return (
    <Box flexDirection="column">
      <Text color={color(TONE[result.status])} wrap="truncate-end">
        {MARK[result.status]} {result.title}
      </Text>
      {result.status === 'fail' || result.status === 'warn' ? (
        <Text color={color('gray')} wrap="truncate-end">
          {'  '}fix: {result.fix}
        </Text>
      ) : null}
    </Box>
  );
}

export function Summary({ report, answers, secrets, generated, onExit }: { report: RunReport; answers: Answers; secrets: Secrets; generated: string[]; onExit: () => void }) {
  useInput((input, key) => {
    if (key.return || input === 'q') onExit();
  });
  const counts = { ok: 0, warn: 0, fail: 0, skip: 0 };
  for (const r of report.checks) counts[r.status]++;
  const problems = report.checks.filter((r) => r.status === 'fail' || r.status === 'warn');
  return (
    <Box flexDirection="column">
      <Text bold color={color(report.ok && counts.fail === 0 ? 'green' : 'red')}>
        {report.ok ? (counts.fail === 0 ? 'Your mail server is ready.' : 'Set up, but some checks fail.') : `Stopped at "${report.failedStep}".`}
      </Text>
      {report.error ? <Text color={color('red')} wrap="truncate-end">{report.error.split('\n').slice(0, 3).join(' ')}</Text> : null}
      <Text>
        Checks: {counts.ok} ok, {counts.warn} warn, {counts.fail} fail
      </Text>
      {problems.slice(0, 4).map((r) => (
        <CheckLine key={r.id} result={r} />
      ))}
      {report.ptr.length ? <Text wrap="truncate-end">Reverse DNS: {report.ptr.join('; ')}</Text> : null}
      <Text wrap="truncate-end">
        Gmail "send mail as": server {answers.hostname}, port 465 (SSL), user = the address
      </Text>
      {generated.map((address) => (
        <Text key={address} color={color('yellow')} wrap="truncate-end">
          Password for {address} (shown once): {secrets.senderPasswords[address]}
        </Text>
      ))}
      <Text color={color('gray')} wrap="truncate-end">State: {report.stateFile}</Text>
      {report.logFile ? <Text color={color('gray')} wrap="truncate-end">Log: {report.logFile}</Text> : null}
      <Text color={color('gray')}>Re-check later: mailsetup --check --host {report.target}</Text>
      <Text color={color('gray')}>Enter or q: quit</Text>
    </Box>
  );
}
