// Driving an Ink screen by keys in component tests: the key codes a terminal
// sends, and waiting until a frame shows what the next key needs (a busy
// machine renders late; a key sent before its handler is live is lost).
import type { render } from 'ink-testing-library';

export type Ui = ReturnType<typeof render>;

export const ENTER = '\r';
export const ESC = '\x1b';
export const DOWN = '\x1b[B';
export const BACKSPACE = '\x7f';

export const tick = () => new Promise((resolve) => setTimeout(resolve, 30));

/**
 * Wait until the frame shows `text`; with `key`, press it between looks
 * (Enter through prefilled screens). Throws with the last frame if it never does.
 */
export async function until(ui: Pick<Ui, 'lastFrame' | 'stdin'>, text: string | RegExp, key?: string, tries = 200): Promise<string> {
  const has = () => {
    const frame = ui.lastFrame() ?? '';
    return typeof text === 'string' ? frame.includes(text) : text.test(frame);
  };
  for (let i = 0; i < tries && !has(); i++) {
    if (key) ui.stdin.write(key);
    await tick();
    await tick();
  }
  if (!has()) throw new Error(`never shown: ${text}\n${ui.lastFrame()}`);
  await tick();
  return ui.lastFrame() ?? '';
}
