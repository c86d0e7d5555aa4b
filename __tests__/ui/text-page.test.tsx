// Pages wrap long lines to the pane instead of cutting them: a fix or a
// value that ends in "…" would hide exactly what the user must do.
import { render } from 'ink-testing-library';
import { TextPage } from '../../src/ui/components/TextPage.js';
import { PANE_WIDTH, wrapIndented } from '../../src/ui/wrap.js';

const fix = 'fix: chasquid has no setting for the lowest TLS version; put a TLS-terminating proxy in front or accept it, since receivers negotiate TLS 1.2+ anyway.';

describe('wrapIndented', () => {
  test('keeps a line that fits as it is, spacing included', () => {
    expect(wrapIndented('  A    smtp      10.0.0.1')).toEqual(['  A    smtp      10.0.0.1']);
  });

  test('wraps a long line at spaces, each row within the width, continuation indented two more', () => {
    const rows = wrapIndented(`    ${fix}`, 40);
    expect(rows.length).toBeGreaterThan(2);
    for (const row of rows) expect(row.length).toBeLessThanOrEqual(40);
    expect(rows[0]!.startsWith('    fix:')).toBe(true);
    for (const row of rows.slice(1)) expect(row.startsWith('      ') && row[6] !== ' ').toBe(true);
    expect(rows.map((r) => r.trim()).join(' ')).toBe(fix);
  });

  test('breaks a token longer than a row (a DKIM key) without losing a character', () => {
    const key = 'p=' + 'A'.repeat(130);
    const rows = wrapIndented(key, 50);
    for (const row of rows) expect(row.length).toBeLessThanOrEqual(50);
    expect(rows.map((r) => r.trim()).join('')).toBe(key);
  });
});

describe('TextPage', () => {
  test('shows a long line whole over several rows, and scrolls by rows', () => {
    const lines = [{ text: `  ! No TLS 1.0/1.1 on port 25` }, { text: `    ${fix}`, tone: 'yellow' as const }];
    const { lastFrame, unmount } = render(<TextPage title="Summary" why="why" lines={lines} onNext={() => {}} />);
    const frame = lastFrame()!;
    expect(frame).not.toContain('…');
    const shown = frame.split('\n').map((row) => row.trim()).join(' ');
    expect(shown).toContain(fix);
    for (const row of frame.split('\n')) expect(row.length).toBeLessThanOrEqual(PANE_WIDTH);
    unmount();
  });

  test('counts wrapped rows in the scroll position', () => {
    const lines = Array.from({ length: 3 }, () => ({ text: `    ${fix}` }));
    const { lastFrame, unmount } = render(<TextPage title="t" why="w" lines={lines} rows={5} onNext={() => {}} />);
    const rows = lines.flatMap((l) => wrapIndented(l.text)).length;
    expect(lastFrame()).toContain(`(1-5 of ${rows})`);
    unmount();
  });
});
