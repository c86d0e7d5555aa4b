// The "bringing the lab up" note must not stay above the wizard's frame: on
// a terminal it is erased once the lab is up; in a pipe it stays a line.
import { Writable } from 'node:stream';
import { transientLine } from '../../src/cli/transient-line.js';

function stream(isTTY: boolean): Writable & { isTTY: boolean; text: () => string } {
  let out = '';
  const s = new Writable({ write: (chunk, _enc, done) => ((out += String(chunk)), done()) }) as Writable & { isTTY: boolean; text: () => string };
  s.isTTY = isTTY;
  s.text = () => out;
  return s;
}

test('on a terminal the note is erased when the work is done, leaving the cursor where it began', () => {
  const tty = stream(true);
  const done = transientLine('mailsetup: bringing the lab up first...', tty);
  expect(tty.text()).toBe('mailsetup: bringing the lab up first...');
  done();
  expect(tty.text()).toBe('mailsetup: bringing the lab up first...\r\x1b[2K');
  expect(tty.text()).not.toContain('\n');
});

test('in a pipe or a log the note stays, as a line of its own', () => {
  const pipe = stream(false);
  const done = transientLine('mailsetup: bringing the lab up first...', pipe);
  done();
  expect(pipe.text()).toBe('mailsetup: bringing the lab up first...\n');
});
