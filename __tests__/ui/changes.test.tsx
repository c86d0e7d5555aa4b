// "Change the server": the menu, a change's form, its plan, the yes/no, the
// run's narration, the result with a made-up password shown once, and the
// way back. The controller is a test double here (the UI does no remote
// I/O); the real controller is driven against the lab in __tests__/terminal.
import { jest } from '@jest/globals';
import { render } from 'ink-testing-library';
import { DOWN, ENTER, ESC, tick, until as shown, type Ui } from './keys.js';
import { commandOf, type ChangeRequest } from '../../src/day2/change-request.js';
import type { Answers } from '../../src/state/answers.js';
import type { ChangeReport, PreparedChange } from '../../src/ui/controller.js';
import { changes } from '../../src/ui/change-screens.js';
import { Changes } from '../../src/ui/screens/Changes.js';

async function press(ui: Ui, ...keys: string[]): Promise<void> {
  for (const k of keys) {
    ui.stdin.write(k);
    await tick();
  }
}

const report = (over: Partial<ChangeReport> = {}): ChangeReport => ({
  ok: true,
  checks: [
    { id: 'service.chasquid.active', area: 'Senders', title: 'chasquid is running', status: 'ok' },
    { id: 'senders.auth.bob@example.com', area: 'Senders', title: 'bob@example.com can log in on port 587', status: 'ok', details: 'STARTTLS + AUTH accepted' },
  ],
  domain: 'example.com',
  hostname: 'smtp.example.com',
  ...over,
});

function fakePrepared(over: Partial<PreparedChange> = {}, result = report()) {
  const run = jest.fn(async (onLine: (l: { text: string; tone: 'ok' | 'info' }) => void) => {
    onLine({ text: 'bob@example.com: added', tone: 'ok' });
    return result;
  });
  const cancel = jest.fn(async () => undefined);
  const prepared: PreparedChange = {
    plan: ['Add the sender bob@example.com:', '  - hash its password here (scrypt) and add only the hash to /etc/chasquid/domains/example.com/users'],
    command: 'mailsetup senders add bob@example.com',
    run: run as PreparedChange['run'],
    cancel,
    ...over,
  };
  return { prepared, run, cancel };
}

describe('Change the server', () => {
  test('the menu lists every change and Esc goes back', async () => {
    const back = jest.fn();
    const ui = render(<Changes prepare={async () => fakePrepared().prepared} ask={null} onChanged={() => undefined} onBack={back} />);
    const frame = await shown(ui, 'Which change?');
    for (const c of changes) expect(frame).toContain(c.label);
    expect(changes.map((c) => c.id)).toEqual(['sender-add', 'sender-remove', 'sender-passwd', 'forward-to', 'alias-add', 'alias-remove', 'cert-renew', 'dkim-rotate', 'hostname-set', 'domain-add', 'watch']);
    expect(frame.split('\n').length).toBeLessThanOrEqual(22);
    await press(ui, ESC);
    expect(back).toHaveBeenCalled();
    ui.unmount();
  });

  test('Add a sender: form, plan, yes, narration, the made-up password once, checks, back to the menu', async () => {
    const saved = { senders: ['i@example.com', 'bob@example.com'] } as unknown as Answers;
    const { prepared, run, cancel } = fakePrepared({}, report({ shownOnce: 'Gen3rated-pass-XYZ', answers: saved }));
    const prepare = jest.fn(async (_r: ChangeRequest) => prepared);
    const changed = jest.fn();
    const ui = render(<Changes prepare={prepare} ask={null} onChanged={changed} onBack={() => undefined} />);
    await shown(ui, 'Which change?');
    await press(ui, ENTER);
    await shown(ui, 'Sender address:');
    await press(ui, 'not-an-address', ENTER);
    expect(await shown(ui, '✗ Sender address')).toMatch(/✗ Sender address .*(email|address)/);
    expect(prepare).not.toHaveBeenCalled();
    for (let i = 0; i < 'not-an-address'.length; i++) await press(ui, '\x7f');
    await press(ui, 'Bob@Example.com', ENTER);
    await shown(ui, 'Password (empty: make one up):');
    await press(ui, ENTER);
    const plan = await shown(ui, 'Go ahead?');
    expect(prepare).toHaveBeenCalledWith({ mode: 'senders', action: { verb: 'add', address: 'bob@example.com', local: 'bob', domain: 'example.com' }, password: '' });
    expect(plan).toContain('Add the sender bob@example.com:');
    expect(plan).toContain('only the hash');
    expect(plan).toContain('Same as: mailsetup senders add bob@example.com');
    expect(plan).toMatch(/❯ No, back to the menu/);
    expect(run).not.toHaveBeenCalled();
    await press(ui, DOWN, ENTER);
    const done = await shown(ui, 'Add a sender: done');
    expect(run).toHaveBeenCalledTimes(1);
    expect(cancel).not.toHaveBeenCalled();
    // The wizard's screens take the saved answers, so Continue later does not undo the change.
    expect(changed).toHaveBeenCalledWith(saved);
    expect(done).toContain('bob@example.com: added');
    expect(done).toContain('Its password, shown this once:');
    expect(done).toContain('mailsetup keeps no copy');
    expect(done).toContain('Gen3rated-pass-XYZ');
    expect(done).toContain('✓ bob@example.com can log in on port 587');
    expect(done).toMatch(/mailsetup check: example\.com \(smtp\.example\.com\)/);
    await press(ui, ENTER);
    const menu = await shown(ui, 'Which change?');
    expect(menu).not.toContain('Gen3rated-pass-XYZ');
    ui.unmount();
  });

  test('No at the plan cancels: nothing runs, the connection is closed, back to the menu', async () => {
    const { prepared, run, cancel } = fakePrepared();
    const ui = render(<Changes prepare={async () => prepared} ask={null} onChanged={() => undefined} onBack={() => undefined} />);
    await shown(ui, 'Which change?');
    await press(ui, DOWN, ENTER);
    await shown(ui, 'Sender address:');
    await press(ui, 'bob@example.com', ENTER);
    await shown(ui, 'Go ahead?');
    await press(ui, ENTER);
    await shown(ui, 'Which change?');
    expect(run).not.toHaveBeenCalled();
    expect(cancel).toHaveBeenCalled();
    ui.unmount();
  });

  test('a change the server refuses shows why, says nothing changed, and goes back to its form', async () => {
    const prepare = jest.fn(async () => {
      throw new Error('bob@example.com is already a sender: `mailsetup senders passwd bob@example.com` sets a new password');
    });
    const ui = render(<Changes prepare={prepare} ask={null} onChanged={() => undefined} onBack={() => undefined} />);
    await shown(ui, 'Which change?');
    await press(ui, ENTER);
    await shown(ui, 'Sender address:');
    await press(ui, 'bob@example.com', ENTER);
    await shown(ui, 'Password (empty: make one up):');
    await press(ui, 'a-strong-password-1', ENTER);
    const frame = await shown(ui, 'not possible');
    expect(prepare).toHaveBeenCalledWith({ mode: 'senders', action: { verb: 'add', address: 'bob@example.com', local: 'bob', domain: 'example.com' }, password: 'a-strong-password-1' });
    expect(frame).toContain('is already a sender');
    expect(frame).toContain('Nothing was changed.');
    expect(frame).not.toContain('a-strong-password-1');
    await press(ui, ENTER);
    await shown(ui, 'Sender address:');
    ui.unmount();
  });

  test('Renew the certificate has no form: straight to its plan; a failed run shows the error and the failing check', async () => {
    const failing = report({
      ok: false,
      error: undefined,
      checks: [{ id: 'tls.serves', area: 'TLS', title: 'chasquid serves this certificate on 465', status: 'fail', details: 'expired', fix: 'mailsetup cert renew' }],
    });
    const { prepared } = fakePrepared({ plan: ['Renew the certificate of smtp.example.com now (lego, DNS-01 through rfc2136):'], command: 'mailsetup cert renew' }, failing);
    const prepare = jest.fn(async (_r: ChangeRequest) => prepared);
    const ui = render(<Changes prepare={prepare} ask={null} onChanged={() => undefined} onBack={() => undefined} />);
    await shown(ui, 'Which change?');
    await press(ui, ...Array(6).fill(DOWN), ENTER);
    await shown(ui, 'Go ahead?');
    expect(prepare).toHaveBeenCalledWith({ mode: 'cert' });
    await press(ui, DOWN, ENTER);
    const frame = await shown(ui, 'done, but a check fails');
    expect(frame).toContain('✗ chasquid serves this certificate on 465');
    expect(frame).toContain('fix: mailsetup cert renew');
    ui.unmount();
  });

  test('the forms refuse what the commands refuse (the same parsers)', () => {
    const field = (id: string, key: string) => changes.find((c) => c.id === id)!.screen.fields.find((f) => f.key === key)!;
    expect(field('alias-add', 'user').validate!('sales')).toBeNull();
    expect(field('alias-add', 'user').validate!('sa les')).toMatch(/not a local part/);
    expect(field('alias-add', 'targets').validate!('a@x.com, b@y.org')).toBeNull();
    expect(field('alias-add', 'targets').validate!('|/bin/sh')).not.toBeNull();
    expect(field('forward-to', 'mailbox').validate!('you@gmail.com')).toBeNull();
    expect(field('hostname-set', 'hostname').validate!('mail.example.com')).toBeNull();
    expect(field('hostname-set', 'hostname').validate!('bad host')).not.toBeNull();
    expect(field('dkim-rotate', 'selector').validate!('s2026')).toBeNull();
    expect(field('sender-add', 'password').validate!('short')).not.toBeNull();
    const add = changes.find((c) => c.id === 'alias-add')!;
    expect(add.request({ user: ' sales ', targets: 'a@x.com,b@y.org' })).toEqual({ mode: 'forward', action: { verb: 'add', user: 'sales', targets: 'a@x.com, b@y.org' } });
    expect(commandOf(add.request({ user: 'sales', targets: 'a@x.com,b@y.org' }))).toBe('mailsetup forward add sales a@x.com,b@y.org');
    expect(changes.find((c) => c.id === 'dkim-rotate')!.request({ selector: '' })).toEqual({ mode: 'dkim', selector: undefined });
    expect(commandOf({ mode: 'dkim', selector: 's2' })).toBe('mailsetup dkim rotate --selector s2');
  });
});
