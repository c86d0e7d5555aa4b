import { jest } from '@jest/globals';
import { render } from 'ink-testing-library';
import { tick } from './keys.js';
import { Welcome } from '../../src/ui/screens/Welcome.js';

describe('welcome / resume', () => {
  test('a rerun shows what is done and what was interrupted, and offers the three choices', async () => {
    const choice = jest.fn();
    const ui = render(
      <Welcome
        resume={{
          host: 'root@203.0.113.7:22',
          steps: [
            { id: 'preflight', title: 'Preflight', status: 'done' },
            { id: 'chasquid', title: 'chasquid', status: 'running' },
            { id: 'dkim', title: 'DKIM', status: 'pending' },
          ],
        }}
        onChoice={choice}
      />,
    );
    await tick();
    const frame = ui.lastFrame()!;
    expect(frame).toContain('1 of 3 steps done');
    expect(frame).toContain('✔ Preflight');
    expect(frame).toContain('chasquid (interrupted: will be redone safely)');
    expect(frame).toMatch(/Continue[\s\S]*Recheck all[\s\S]*Start over/);
    ui.stdin.write('\x1b[B');
    await tick();
    ui.stdin.write('\x1b[B');
    await tick();
    ui.stdin.write('\r');
    await tick();
    expect(choice).toHaveBeenCalledWith('restart');
    ui.unmount();
  });

  test('a rerun also offers status and logs, and changing the server', async () => {
    const choice = jest.fn();
    const ui = render(<Welcome resume={{ host: 'root@203.0.113.7:22', steps: [{ id: 'preflight', title: 'Preflight', status: 'done' }] }} onChoice={choice} />);
    await tick();
    expect(ui.lastFrame()).toMatch(/Status and logs[\s\S]*Change the server/);
    for (let i = 0; i < 4; i++) {
      ui.stdin.write('\x1b[B');
      await tick();
    }
    ui.stdin.write('\r');
    await tick();
    expect(choice).toHaveBeenCalledWith('change');
    ui.unmount();
  });

  test('a step skipped last time is shown as skipped, to be tried again', async () => {
    const ui = render(
      <Welcome
        resume={{
          host: 'root@203.0.113.7:22',
          steps: [
            { id: 'preflight', title: 'Check the server', status: 'done' },
            { id: 'ipv6', title: 'IPv6', status: 'skipped' },
          ],
        }}
        onChoice={() => undefined}
      />,
    );
    await tick();
    expect(ui.lastFrame()).toContain('1 of 2 steps done');
    expect(ui.lastFrame()).toContain('↓ IPv6 (skipped: tried again now)');
    ui.unmount();
  });
});
