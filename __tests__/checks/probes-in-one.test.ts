// Several probes in one remote command (probes-in-one.ts), run in a local
// bash: each probe's own stdout byte for byte and its own exit code, a
// `return` ending only its probe (an `exit` ends the rest too: they read as
// never ended), and output that only looks like a marker ending nothing.
import { probesInOne } from '../../src/checks/probes-in-one.js';
import { raw, sh } from '../../src/remote/quote.js';
import type { Remote } from '../../src/remote/types.js';
import { localBashRemote } from '../helpers/local-bash-remote.js';

const remote = localBashRemote();

test('each probe gets its own stdout and exit code; stderr is dropped', async () => {
  const out = await probesInOne(remote, [sh`echo one; echo oops >&2`, raw(`printf 'two\\n\\nno newline'`), sh`echo three; return 4`, raw('true')]);
  expect(out).toEqual([
    { code: 0, stdout: 'one\n' },
    { code: 0, stdout: 'two\n\nno newline' },
    { code: 4, stdout: 'three\n' },
    { code: 0, stdout: '' },
  ]);
});

test('a return in one probe ends that probe only', async () => {
  const out = await probesInOne(remote, [raw('return 0; echo never'), raw('echo after')]);
  expect(out).toEqual([{ code: 0, stdout: '' }, { code: 0, stdout: 'after\n' }]);
});

test('probes share one shell: an exit ends every probe after it, and those read as never ended', async () => {
  const out = await probesInOne(remote, [raw('echo first'), raw('echo second; exit 3'), raw('echo third')]);
  expect(out).toEqual([{ code: 0, stdout: 'first\n' }, { code: -1, stdout: 'second\n' }, { code: -1, stdout: '' }]);
});

test("a line shaped like a marker, but not this call's, is plain output", async () => {
  const out = await probesInOne(remote, [raw("printf '\\nmailsetup-probe-0123456789abcdef01234567 0\\nstill one\\n'"), raw('echo two')]);
  expect(out).toEqual([
    { code: 0, stdout: '\nmailsetup-probe-0123456789abcdef01234567 0\nstill one\n' },
    { code: 0, stdout: 'two\n' },
  ]);
});

test('probes whose end never arrived get code -1 (a command cut short)', async () => {
  const cut = { exec: async () => ({ code: 124, stdout: 'one\n', stderr: '' }) } as unknown as Remote;
  expect(await probesInOne(cut, [raw('echo one'), raw('sleep 99')])).toEqual([{ code: -1, stdout: 'one\n' }, { code: -1, stdout: '' }]);
});
