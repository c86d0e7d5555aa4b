import { render } from 'ink-testing-library';
import { parseAnswersYaml } from '../../src/state/answers-file.js';
import { TextPage } from '../../src/ui/components/TextPage.js';
import type { RunReport } from '../../src/ui/controller.js';
import { resultPages } from '../../src/ui/result-pages.js';

const { answers, secrets } = parseAnswersYaml(
  'host: {address: 203.0.113.7, profile: hetzner}\ndomain: example.com\ntls: {dnsProvider: dns_cf}\nsenders: [i@example.com]\nreceiving: {mode: forward, forwardTo: me@gmail.com}\n',
);

const report: RunReport = {
  ok: true,
  checks: [
    { id: 'rdns.ptr', area: 'Reverse DNS', title: 'PTR of 203.0.113.7 is smtp.example.com', status: 'fail', details: 'PTR is static.7.113.0.203.clients.example.net', fix: 'Set the reverse DNS in your host panel.' },
    { id: 'spf', area: 'SPF', title: 'SPF authorizes 203.0.113.7', status: 'ok' },
  ],
  recordsTable: 'example.com  TXT  v=spf1 ip4:203.0.113.7 ~all',
  zoneSnippet: '$ORIGIN example.com.\n@ IN TXT "v=spf1 ip4:203.0.113.7 ~all"',
  ptr: [{ ip: '203.0.113.7', value: 'smtp.example.com' }],
  proof: 'DKIM pass, SPF pass, DMARC pass, over TLS',
  recheckCommand: 'mailsetup --check --host root@203.0.113.7',
  stateFile: '/state/root@203.0.113.7_22.json',
  target: 'root@203.0.113.7',
};

describe('result pages', () => {
  secrets.senderPasswords['i@example.com'] = 'generated-Pw-123';
  const pages = resultPages(report, answers, secrets, ['i@example.com']);

  test('come in the guide order, with the host profile\'s rDNS place and the Gmail settings', () => {
    expect(pages.map((p) => p.id)).toEqual(['records', 'rdns', 'sendas', 'summary']);
    const text = (id: string) => pages.find((p) => p.id === id)!.lines.map((l) => l.text).join('\n');
    expect(text('records')).toContain('$ORIGIN example.com.');
    expect(text('rdns')).toContain('203.0.113.7  ->  smtp.example.com');
    expect(text('rdns')).toContain('Hetzner Cloud: Cloud Console: server > Networking > Reverse DNS.');
    expect(text('sendas')).toContain('SMTP server:  smtp.example.com');
    expect(text('sendas')).toContain('Username:     the full address (i@example.com)');
  });

  test('the summary puts failures first with their fix, shows a generated password once, and says a failing check is not "ready"', () => {
    const summary = pages.find((p) => p.id === 'summary')!;
    expect(summary.title).toBe('Set up, but some checks fail.');
    expect(summary.why).toBe('Checks: 1 ok, 0 warn, 1 fail · test mail: DKIM pass, SPF pass, DMARC pass, over TLS');
    const lines = summary.lines.map((l) => l.text);
    expect(lines[0]).toBe('Password for i@example.com (shown once): generated-Pw-123');
    expect(lines[1]).toBe('✗ PTR of 203.0.113.7 is smtp.example.com');
    expect(lines[3]).toBe('    fix: Set the reverse DNS in your host panel.');
    expect(lines).toContain('Re-check later: mailsetup --check --host root@203.0.113.7');
  });

  test('a long page scrolls with the arrow keys', async () => {
    const lines = Array.from({ length: 30 }, (_, i) => ({ text: `line ${i + 1}` }));
    const ui = render(<TextPage title="T" why="W" lines={lines} rows={10} onNext={() => undefined} />);
    expect(ui.lastFrame()).toContain('line 10');
    expect(ui.lastFrame()).not.toContain('line 11');
    ui.stdin.write('\x1b[B');
    await new Promise((r) => setTimeout(r, 30));
    expect(ui.lastFrame()).toContain('line 11');
    expect(ui.lastFrame()).toContain('(2-11 of 30)');
    ui.unmount();
  });

  test('the summary says which steps were skipped and what that leaves undone', () => {
    const skippedReport: RunReport = {
      ...report,
      checks: [{ id: 'spf', area: 'SPF', title: 'SPF authorizes 203.0.113.7', status: 'ok' }],
      skipped: [{ title: 'Test mail', leaves: 'no test mail is sent, so nothing proves yet that mail leaves the server signed' }],
    };
    const summary = resultPages(skippedReport, answers, secrets, []).find((p) => p.id === 'summary')!;
    expect(summary.title).toBe('Ready, with 1 step skipped.');
    const lines = summary.lines.map((l) => l.text);
    const at = lines.findIndex((l) => l.startsWith('Skipped "Test mail"'));
    const told = lines.slice(at, lines.indexOf('Run mailsetup again to do the skipped steps.'));
    expect(told.map((l) => l.trim()).join(' ')).toBe('Skipped "Test mail": no test mail is sent, so nothing proves yet that mail leaves the server signed.');
    // The page wraps it, never cuts it (text-page.test.tsx).
  });
});
