import { ChannelLimit } from '../../src/remote/channel-limit.js';

test('no more than the limit run at once; every one runs, in order of arrival', async () => {
  const limit = new ChannelLimit(3);
  let open = 0;
  let most = 0;
  const started: number[] = [];
  const work = (i: number) => limit.run(async () => {
    started.push(i);
    most = Math.max(most, ++open);
    await new Promise((resolve) => setTimeout(resolve, 5));
    open--;
    if (i === 4) throw new Error('a failed command frees its slot too');
    return i;
  });
  const results = await Promise.allSettled(Array.from({ length: 10 }, (_, i) => work(i)));
  expect(most).toBe(3);
  expect(started).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(9);
});

test('a refused channel open is asked again; any other error is not', async () => {
  const { refusedOpenRetried } = await import('../../src/remote/channel-limit.js');
  let tries = 0;
  await expect(refusedOpenRetried(async () => {
    if (++tries < 3) throw new Error('(SSH) Channel open failure: open failed');
    return 'opened';
  })).resolves.toBe('opened');
  expect(tries).toBe(3);
  tries = 0;
  await expect(refusedOpenRetried(async () => {
    tries++;
    throw new Error('permission denied');
  })).rejects.toThrow('permission denied');
  expect(tries).toBe(1);
});
