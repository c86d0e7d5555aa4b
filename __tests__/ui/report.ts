// A run's report for screens driven without a server: a finished run whose
// one check passed; each test overrides what its screen looks at.
import type { RunReport } from '../../src/ui/controller.js';

export function runReport(over: Partial<RunReport> = {}): RunReport {
  return {
    ok: true,
    checks: [{ id: 'service.chasquid.active', area: 'Service', title: 'chasquid is running', status: 'ok' }],
    recordsTable: '',
    zoneSnippet: '',
    ptr: [],
    recheckCommand: 'mailsetup --check --host root@203.0.113.7',
    stateFile: '/state.json',
    target: 'root@203.0.113.7',
    ...over,
  };
}
