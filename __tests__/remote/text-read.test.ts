// Small text files read on the server by bash builtins (text-read.ts): the
// same bytes cat would print, and nothing (a failure) for a missing file.
import { afterAll, expect, test } from '@jest/globals';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sh } from '../../src/remote/quote.js';
import { printText, readText } from '../../src/remote/text-read.js';
import { localBashRemote } from '../helpers/local-bash-remote.js';

const dir = mkdtempSync(join(tmpdir(), 'mailsetup-text-read-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const bash = localBashRemote();

test.each([
  ['lines ending in a newline', '#!/bin/sh\nexec lego renew\n'],
  ['no final newline, blank lines and spaces kept', '  spamassassin \n\n\nlast'],
  ['characters beyond ASCII', 'naïve – ünïcode\n'],
  ['an empty file', ''],
])('printText prints %s exactly as they are', async (_, content) => {
  const file = join(dir, 'f');
  writeFileSync(file, content);
  const out = await bash.exec(printText(file));
  expect([out.code, out.stdout]).toEqual([0, content]);
});

test('printText of a missing file prints nothing and fails, as cat does', async () => {
  const out = await bash.exec(printText(join(dir, 'missing')));
  expect(out.code).not.toBe(0);
  expect(out.stdout).toBe('');
});

test('readText sets $text to the file, and empties it for a missing file', async () => {
  const file = join(dir, 'setting');
  writeFileSync(file, 'rspamd\n');
  const present = await bash.exec(sh`${readText(file)}; printf '[%s]' "$text"`);
  const missing = await bash.exec(sh`text=stale; ${readText(join(dir, 'none'))}; printf '[%s]' "$text"`);
  expect(present.stdout).toBe('[rspamd\n]');
  expect(missing.stdout).toBe('[]');
});
