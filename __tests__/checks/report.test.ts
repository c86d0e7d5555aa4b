// The report, the --json document and the exit code come from one place and
// must agree; the Ink view shows the same lines.
import React from 'react';
import { render } from 'ink-testing-library';
import { exitCode, formatText, summarize, toJson, useColor } from '../../src/checks/report.js';
import type { CheckResult } from '../../src/checks/types.js';
import { CheckReport } from '../../src/ui/check-report.js';

const sample: CheckResult[] = [
  { id: 'tls.smtp.expiry', area: 'TLS', title: 'Certificate on port 25', status: 'warn', details: 'expires in 5 days', fix: 'Renew it.' },
  { id: 'dns.mx', area: 'DNS', title: 'MX of example.com', status: 'ok', details: '10 smtp.example.com' },
  { id: 'rdns.ipv4.192.0.2.1', area: 'Reverse DNS', title: 'PTR of 192.0.2.1', status: 'fail', details: 'no PTR', fix: 'Set the PTR in the panel.' },
  { id: 'service.active', area: 'Service', title: 'chasquid is running', status: 'skip', details: 'no SSH access' },
];

test('exit codes: 1 on any failure, 0 with only warnings, 2 when nothing could be checked', () => {
  expect(exitCode(sample)).toBe(1);
  expect(exitCode(sample.filter((r) => r.status !== 'fail'))).toBe(0);
  expect(exitCode(sample.filter((r) => r.status === 'skip'))).toBe(2);
  expect(exitCode([])).toBe(2);
});

test('plain text: grouped by area in fixing order, symbols, fix under warnings and failures', () => {
  const text = formatText('example.com', 'smtp.example.com', sample, false);
  expect(text).not.toMatch(/\x1b\[/);
  const areas = text.split('\n').filter((l) => /^[A-Z]/.test(l) && !l.startsWith('mailsetup'));
  expect(areas).toEqual(['DNS', 'Reverse DNS', 'TLS', 'Service']);
  expect(text).toContain('  ✗ PTR of 192.0.2.1: no PTR\n      fix: Set the PTR in the panel.');
  expect(text).toContain('  ! Certificate on port 25: expires in 5 days\n      fix: Renew it.');
  expect(text).toContain('  ✓ MX of example.com');
  expect(text).toContain('  - chasquid is running: no SSH access');
  expect(text.trimEnd().split('\n').pop()).toBe('1 ok, 1 warning, 1 failed, 1 skipped');
  expect(formatText('example.com', 'smtp.example.com', sample, true)).toMatch(/\x1b\[31m✗/);
});

test('plain text: a detail or fix of several lines stays indented under its result', () => {
  const ssh: CheckResult = {
    id: 'service.ssh', area: 'Service', title: 'SSH login to root@192.0.2.1', status: 'fail',
    details: 'The host key of 192.0.2.1 has CHANGED.\n  recorded: SHA256:aaa\n  now:      SHA256:bbb', fix: 'Check the new fingerprint.\nThen run again.',
  };
  const text = formatText('example.com', 'smtp.example.com', [ssh], false);
  expect(text).toContain('  ✗ SSH login to root@192.0.2.1: The host key of 192.0.2.1 has CHANGED.\n        recorded: SHA256:aaa\n        now:      SHA256:bbb\n');
  expect(text).toContain('      fix: Check the new fingerprint.\n           Then run again.');
  // No line of the result starts at the margin, where the next area's name would be.
  const lines = text.split('\n');
  const body = lines.slice(lines.indexOf('Service') + 1, lines.findIndex((l) => l.startsWith('0 ok')));
  expect(body.filter(Boolean).length).toBe(5);
  for (const line of body.filter(Boolean)) expect(line).toMatch(/^ {2}/);
});

test('NO_COLOR turns colour off even on a terminal', () => {
  expect(useColor({ isTTY: true }, { NO_COLOR: '1' })).toBe(false);
  expect(useColor({ isTTY: true }, {})).toBe(true);
  expect(useColor({ isTTY: false }, {})).toBe(false);
});

test('JSON: version 1, worst status, summary that adds up, only documented fields', () => {
  const doc = toJson('example.com', 'smtp.example.com', [...sample.map((r) => ({ ...r, extra: 1 }) as CheckResult)]);
  expect(doc).toMatchObject({ version: 1, domain: 'example.com', hostname: 'smtp.example.com', status: 'fail', summary: { ok: 1, warn: 1, fail: 1, skip: 1 } });
  expect(Object.keys(doc)).toEqual(['version', 'domain', 'hostname', 'status', 'summary', 'results']);
  expect(Object.keys(doc.results[0]!)).toEqual(['id', 'area', 'title', 'status', 'details', 'fix']);
  expect(summarize(doc.results)).toEqual(doc.summary);
});

test('the Ink report shows the same lines and the running families', () => {
  const running = render(React.createElement(CheckReport, { domain: 'example.com', hostname: 'smtp.example.com', results: sample.slice(0, 2), pending: ['spf', 'tls'], done: false }));
  expect(running.lastFrame()).toContain('checking: spf, tls');
  running.unmount();
  const done = render(React.createElement(CheckReport, { domain: 'example.com', hostname: 'smtp.example.com', results: sample }));
  const frame = done.lastFrame()!;
  expect(frame).toContain('✗ PTR of 192.0.2.1');
  expect(frame).toContain('fix: Set the PTR in the panel.');
  expect(frame).toContain('1 ok, 1 warning, 1 failed, 1 skipped');
  expect(frame).not.toContain('checking:');
  done.unmount();
});
