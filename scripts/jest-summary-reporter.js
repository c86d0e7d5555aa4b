// Writes the run's counts to .artifacts/jest-summary.json so .ci/run can end
// with the plain `N passed, N failed` line, also when no test ran at all.
// It also adds up the hostile inputs the test files tried (each file appends
// its count to .artifacts/hostile-inputs.jsonl) and prints the total.
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';

const HOSTILE_LOG = '.artifacts/hostile-inputs.jsonl';

export function hostileTotal() {
  if (!existsSync(HOSTILE_LOG)) return { total: 0, groups: {} };
  const groups = {};
  for (const line of readFileSync(HOSTILE_LOG, 'utf8').split('\n')) {
    if (!line) continue;
    const { group, n } = JSON.parse(line);
    groups[group] = (groups[group] ?? 0) + n;
  }
  return { total: Object.values(groups).reduce((a, b) => a + b, 0), groups };
}

export default class SummaryReporter {
  onRunStart() {
    rmSync(HOSTILE_LOG, { force: true });
  }

  onRunComplete(_contexts, results) {
    mkdirSync('.artifacts', { recursive: true });
    const hostile = hostileTotal();
    if (hostile.total) process.stderr.write(`\nhostile inputs tried: ${hostile.total} (in ${Object.keys(hostile.groups).length} groups)\n`);
    writeFileSync(
      '.artifacts/jest-summary.json',
      JSON.stringify({
        passed: results.numPassedTests,
        failed: results.numFailedTests + results.numRuntimeErrorTestSuites,
        skipped: results.numPendingTests + results.numTodoTests,
        suites: results.numTotalTestSuites,
        hostileInputs: hostile.total,
      }),
    );
  }
}
