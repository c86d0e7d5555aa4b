// The reader of a batch's output: results as their frames complete, however
// the bytes are split; anything out of shape from the server stops reading.
import { expect, test } from '@jest/globals';
import { BatchFrames, type FrameResult } from '../../src/remote/batch-frames.js';

const started = Buffer.from('\0mailsetup-batch started\n');
const frame = (i: number, code: number, out: string | Buffer, err = '') => {
  const o = Buffer.from(out);
  const e = Buffer.from(err);
  return Buffer.concat([Buffer.from(`\0mailsetup-batch ${i} ${code} ${o.length} ${e.length}\n`), o, e]);
};

function read(size: number, chunks: Buffer[]) {
  const got = new Map<number, FrameResult>();
  const frames = new BatchFrames(size, (i, r) => got.set(i, r));
  for (const c of chunks) frames.push(c);
  return { frames, got };
}

test('frames split at every byte still give each result once, in the order they ended', () => {
  const all = Buffer.concat([started, frame(1, 0, 'b\n'), frame(0, 3, Buffer.from([0, 255, 10]), 'oops\n')]);
  const order: number[] = [];
  const frames = new BatchFrames(2, (i) => order.push(i));
  for (let i = 0; i < all.length; i++) frames.push(all.subarray(i, i + 1));
  expect(order).toEqual([1, 0]);
  expect(frames.complete).toBe(true);
  const { got } = read(2, [all]);
  expect(got.get(0)).toEqual({ code: 3, stdout: Buffer.from([0, 255, 10]), stderr: Buffer.from('oops\n') });
  expect(got.get(1)!.stdout.toString()).toBe('b\n');
});

test('output that looks like a header is read as output', () => {
  const { got, frames } = read(2, [started, frame(0, 0, '\0mailsetup-batch 1 0 0 0\n'), frame(1, 0, 'x')]);
  expect(frames.complete).toBe(true);
  expect(got.get(0)!.stdout.toString()).toBe('\0mailsetup-batch 1 0 0 0\n');
});

test.each([
  ['no start mark', [Buffer.from('bash: syntax error near unexpected token\n')], 'did not start', false],
  ['a result for a command not asked for', [started, frame(5, 0, '')], 'not waiting', true],
  ['the same result twice', [started, frame(0, 0, ''), frame(0, 0, '')], 'not waiting', true],
  ['a header that does not parse', [started, Buffer.from('\0mailsetup-batch 0 zero 1 1\nab')], 'did not parse', true],
  ['bytes between results', [started, Buffer.from('junk that is not a header\n')], 'did not start with its header', true],
  ['an exit code out of range', [started, frame(0, 300, '')], 'out of range', true],
])('%s stops the reading', (_what, chunks, why, startedFlag) => {
  const { frames, got } = read(3, chunks as Buffer[]);
  expect(frames.broken).toContain(why);
  expect(frames.started).toBe(startedFlag);
  expect(got.size).toBeLessThanOrEqual(1);
});

test('a batch cut short leaves the rest waiting, not guessed', () => {
  const { frames, got } = read(2, [started, frame(0, 0, 'a'), frame(1, 0, 'bbbb').subarray(0, 27)]);
  expect(got.size).toBe(1);
  expect(frames.complete).toBe(false);
  expect(frames.broken).toBeUndefined();
});
