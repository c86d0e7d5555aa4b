import { jest } from '@jest/globals';
import { render } from 'ink-testing-library';
import { Form } from '../../src/ui/screens/Form.js';
import { screens } from '../../src/ui/wizard-screens.js';

const tick = () => new Promise((resolve) => setTimeout(resolve, 30));

/** Wait until the frame shows `text` and the field's key handler is live (a busy machine renders late). */
async function shown(ui: { lastFrame: () => string | undefined }, text: string): Promise<void> {
  for (let i = 0; i < 100 && !ui.lastFrame()?.includes(text); i++) await tick();
  await tick();
}
const ENTER = '\r';
const BACKSPACE = '\x7f';
const DOWN = '\x1b[B';

function screen(id: string) {
  return screens.find((s) => s.id === id)!;
}

describe('wizard screens', () => {
  test('Domain: a hostile domain is refused as you type and Enter does not advance', async () => {
    const done = jest.fn();
    const ui = render(<Form screen={screen('domain')} values={{}} onDone={done} onBack={() => undefined} />);
    await tick();
    ui.stdin.write('exa$(id)mple.com');
    await tick();
    expect(ui.lastFrame()).toMatch(/✗ Mail domain has the label "exa\$\(id\)mple"/);
    ui.stdin.write(ENTER);
    await tick();
    expect(done).not.toHaveBeenCalled();
    for (let i = 0; i < 'exa$(id)mple.com'.length; i++) ui.stdin.write(BACKSPACE);
    await tick();
    ui.stdin.write('example.com');
    await tick();
    expect(ui.lastFrame()).not.toMatch(/✗/);
    ui.stdin.write(ENTER);
    await shown(ui, 'Server host name');
    // The host name defaults to smtp.<domain>.
    expect(ui.lastFrame()).toContain('Server host name (reverse DNS): smtp.example.com');
    ui.stdin.write(ENTER);
    await tick();
    expect(done).toHaveBeenCalledWith({ domain: 'example.com', hostname: 'smtp.example.com' });
    ui.unmount();
  });

  test('Receiving: the forward address is asked only when forwarding, and must be an address', async () => {
    const done = jest.fn();
    const ui = render(<Form screen={screen('receiving')} values={{}} onDone={done} onBack={() => undefined} />);
    await tick();
    ui.stdin.write(ENTER); // first item: forward
    await shown(ui, 'Forward to');
    ui.stdin.write('me,you@gmail.com');
    await tick();
    expect(ui.lastFrame()).toMatch(/✗ Forward to \(e.g. you@gmail.com\) has the local part "me,you"/);
    ui.unmount();

    const other = jest.fn();
    const ui2 = render(<Form screen={screen('receiving')} values={{}} onDone={other} onBack={() => undefined} />);
    await tick();
    ui2.stdin.write(DOWN);
    await tick();
    ui2.stdin.write(ENTER);
    await tick();
    expect(other).toHaveBeenCalledWith({ 'receiving.mode': 'existing' });
    ui2.unmount();
  });

  test('Certificate: the provider list is searchable and asks only that provider\'s credentials, masked', async () => {
    const done = jest.fn();
    const ui = render(<Form screen={screen('certificate')} values={{ domain: 'example.com' }} onDone={done} onBack={() => undefined} />);
    await tick();
    ui.stdin.write(ENTER); // acme.sh
    await shown(ui, 'Your DNS provider');
    ui.stdin.write('cloudfl');
    await shown(ui, 'cloudfl');
    expect(ui.lastFrame()).toContain('Cloudflare');
    expect(ui.lastFrame()).not.toContain('DigitalOcean');
    ui.stdin.write(ENTER);
    await shown(ui, 'CF_Token:');
    expect(ui.lastFrame()).toContain('CF_Token:');
    ui.stdin.write('tok-12345');
    await tick();
    expect(ui.lastFrame()).not.toContain('tok-12345');
    expect(ui.lastFrame()).toContain('•••••••••');
    ui.unmount();
  });

  test('Esc on the first field goes back a screen', async () => {
    const back = jest.fn();
    const ui = render(<Form screen={screen('ipv6')} values={{}} onDone={() => undefined} onBack={back} />);
    await tick();
    ui.stdin.write('\x1b');
    await tick();
    expect(back).toHaveBeenCalled();
    ui.unmount();
  });
});
