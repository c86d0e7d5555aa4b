import { jest } from '@jest/globals';
import { render } from 'ink-testing-library';
import { tick } from './keys.js';
import { runReport } from './report.js';
import { Failed } from '../../src/ui/screens/Failed.js';
import type { RunReport } from '../../src/ui/controller.js';

/** The parts of a failed run's report these screens do not look at. */
const base: RunReport = runReport({ ok: false, checks: [] });

describe('a failed step', () => {
  test('shows the error with its fix and offers retry, the report, or quit', async () => {
    const retry = jest.fn();
    const quit = jest.fn();
    const ui = render(
      <Failed
        report={{
          ...base,
          failedStep: 'certificate',
          error: 'the DNS server refused the update: check RFC2136_TSIG_KEY and RFC2136_TSIG_SECRET\n  fix: correct the secret, then retry',
        }}
        onRetry={retry}
        onQuit={quit}
        onSummary={() => undefined}
      />,
    );
    await tick();
    const frame = ui.lastFrame()!;
    expect(frame).toContain('Stopped at "certificate"');
    expect(frame).toContain('refused the update');
    expect(frame).toContain('fix: correct the secret');
    expect(frame).toMatch(/Retry[\s\S]*Show the check report[\s\S]*Quit/);
    ui.stdin.write('\r');
    await tick();
    expect(retry).toHaveBeenCalledTimes(1);
    // One choice per failure: a second Enter (or another choice) before the next screen does nothing.
    ui.stdin.write('\r');
    ui.stdin.write('\x1b[B');
    await tick();
    ui.stdin.write('\x1b[B');
    await tick();
    ui.stdin.write('\r');
    await tick();
    expect(retry).toHaveBeenCalledTimes(1);
    expect(quit).not.toHaveBeenCalled();
    ui.unmount();
    // Quit, on the screen of the next failure.
    const again = render(
      <Failed
        report={{ ...base, failedStep: 'certificate', error: 'x' }}
        onRetry={retry}
        onQuit={quit}
        onSummary={() => undefined}
      />,
    );
    await tick();
    again.stdin.write('\x1b[B');
    await tick();
    again.stdin.write('\x1b[B');
    await tick();
    again.stdin.write('\r');
    await tick();
    expect(quit).toHaveBeenCalledTimes(1);
    again.unmount();
  });

  test('offers "Skip this step" for a step nothing later needs, and says what skipping leaves undone', async () => {
    const skip = jest.fn();
    const ui = render(
      <Failed
        report={{ ...base, failedStep: 'ipv6', failedSkippable: 'IPv6 stays off: the server sends over IPv4 only', error: 'netplan: no IPv6 gateway' }}
        onRetry={() => undefined}
        onSkip={skip}
        onQuit={() => undefined}
        onSummary={() => undefined}
      />,
    );
    await tick();
    const frame = ui.lastFrame()!;
    expect(frame).toMatch(/Retry[\s\S]*Skip this step[\s\S]*Show the check report[\s\S]*Quit/);
    expect(frame).toContain('Skipping: IPv6 stays off');
    ui.stdin.write('\x1b[B');
    await tick();
    ui.stdin.write('\r');
    await tick();
    expect(skip).toHaveBeenCalledTimes(1);
    ui.unmount();
  });

  test('offers no skip for a step later steps need (the certificate)', async () => {
    const summary = jest.fn();
    const ui = render(
      <Failed report={{ ...base, failedStep: 'certificate', error: 'ACME order failed' }} onRetry={() => undefined} onSkip={() => undefined} onQuit={() => undefined} onSummary={summary} />,
    );
    await tick();
    expect(ui.lastFrame()).not.toContain('Skip this step');
    // The second item is the check report, not a skip.
    ui.stdin.write('\x1b[B');
    await tick();
    ui.stdin.write('\r');
    await tick();
    expect(summary).toHaveBeenCalledTimes(1);
    ui.unmount();
  });
});

describe('a failed step with a long message', () => {
  const report = (error: string) => ({ ...base, failedStep: 'connect', error, logFile: '/state/run.log' });

  test('a line wider than the pane is wrapped whole: the fix at its end is shown', async () => {
    const error = 'Host key of 203.0.113.7 (SHA256:fceVGmcxmS/7+58N8UUo2TH6DTF/NfgfWvCbaQSSwhI) was not trusted: compare it with the console of your host and run mailsetup again to accept it.';
    const ui = render(<Failed report={report(error)} onRetry={() => undefined} onQuit={() => undefined} onSummary={() => undefined} />);
    await tick();
    const frame = ui.lastFrame()!;
    expect(frame).not.toContain('…');
    expect(frame.split('\n').map((row) => row.trim()).join(' ')).toContain(error);
    ui.unmount();
  });

  test('a message longer than the screen shows its start and says where the rest is', async () => {
    const error = Array.from({ length: 30 }, (_, i) => `journal line ${i + 1}`).join('\n');
    const ui = render(<Failed report={report(error)} onRetry={() => undefined} onQuit={() => undefined} onSummary={() => undefined} />);
    await tick();
    const frame = ui.lastFrame()!;
    expect(frame).toContain('journal line 11');
    expect(frame).not.toContain('journal line 12');
    expect(frame).toContain('… 19 more lines, in full in /state/run.log');
    ui.unmount();
  });
});
