// "Skip this step" after a failure: only a step marked skippable is skipped,
// it is recorded as skipped (not done) so the next run tries it again, the
// steps after it run, and the outcome says what the skip leaves undone.
import { describe, expect, test } from '@jest/globals';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultAnswers, type Answers } from '../../src/state/answers.js';
import { emptySecrets } from '../../src/state/secrets.js';
import { StateStore } from '../../src/state/store.js';
import { runSteps } from '../../src/tasks/runner.js';
import type { Step, StepContext } from '../../src/tasks/types.js';
import type { Remote } from '../../src/remote/types.js';
import { steps as guideSteps } from '../../src/tasks/steps.js';

/** A step whose task fails while `broken.value` is true; counts its runs. */
function step(id: string, broken: { value: boolean }, runs: string[], skippable?: string): Step {
  return {
    id,
    title: `Step ${id}`,
    why: 'test step',
    reads: [],
    ...(skippable ? { skippable } : {}),
    tasks: () => [
      {
        title: `work of ${id}`,
        task: async () => {
          runs.push(id);
          if (broken.value) throw new Error(`${id} failed`);
        },
      },
    ],
    verify: async () => [],
  };
}

/** A state store in a temp dir and a context with no server (these steps do no remote work), removed afterwards; `logged` collects the log. */
async function withRun(fn: (run: { store: StateStore; ctx: StepContext; logged: string[] }) => Promise<void>): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'mailsetup-skip-'));
  try {
    const answers = { ...defaultAnswers('example.com'), host: { address: '203.0.113.7', user: 'root', port: 22 } } as Answers;
    const store = await StateStore.open(dir, 'root', '203.0.113.7', 22);
    const logged: string[] = [];
    const ctx: StepContext = { remote: {} as Remote, answers, secrets: emptySecrets(), facts: {}, dryRun: false, log: (line) => logged.push(line) };
    await fn({ store, ctx, logged });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('skipping a failed step', () => {
  test('a skippable step is recorded as skipped, later steps run, and the next run tries it again', async () => {
    await withRun(async ({ store, ctx, logged }) => {
      const runs: string[] = [];
      const ok = { value: false };
      const ipv6Broken = { value: true };
      const list = [step('first', ok, runs), step('optional', ipv6Broken, runs, 'IPv6 stays off'), step('last', ok, runs)];

      const failed = await runSteps({ steps: list, ctx, store, renderer: 'silent' });
      expect(failed.ok).toBe(false);
      expect(failed.failedStep).toBe('optional');
      expect(failed.failedSkippable).toBe('IPv6 stays off');
      expect(runs).toEqual(['first', 'optional']);

      runs.length = 0;
      const skipped = await runSteps({ steps: list, ctx, store, renderer: 'silent', skip: ['optional'] });
      expect(skipped.ok).toBe(true);
      expect(skipped.skipped).toEqual([{ id: 'optional', title: 'Step optional', leaves: 'IPv6 stays off' }]);
      // "first" was done and verified, "optional" skipped without running, "last" ran.
      expect(runs).toEqual(['last']);
      expect(store.status('optional')).toBe('skipped');
      expect(JSON.parse(readFileSync(store.file, 'utf8')).steps.optional).toMatchObject({ status: 'skipped', error: 'IPv6 stays off' });

      runs.length = 0;
      ipv6Broken.value = false;
      const rerun = await runSteps({ steps: list, ctx, store, renderer: 'silent' });
      expect(rerun.ok).toBe(true);
      expect(rerun.skipped).toEqual([]);
      expect(runs).toEqual(['optional']);
      expect(store.status('optional')).toBe('done');
    });
  });

  test('a step that is not skippable is run (and fails) even when asked to skip it', async () => {
    await withRun(async ({ store, ctx, logged }) => {
      const runs: string[] = [];
      const outcome = await runSteps({ steps: [step('needed', { value: true }, runs), step('after', { value: false }, runs)], ctx, store, renderer: 'silent', skip: ['needed'] });
      expect(outcome.ok).toBe(false);
      expect(outcome.failedStep).toBe('needed');
      expect(outcome.failedSkippable).toBeUndefined();
      expect(runs).toEqual(['needed']);
      expect(store.status('needed')).toBe('failed');
    });
  });

  test('a step that follows a skipped step is skipped with it, not run and failed for lack of it', async () => {
    await withRun(async ({ store, ctx, logged }) => {
      const runs: string[] = [];
      const ok = { value: false };
      // The second half would fail without the first, as ipv6-up does without ipv6.
      const secondHalf: Step = { ...step('second-half', { value: true }, runs, 'IPv6 stays off'), follows: 'first-half' };
      const list = [step('first-half', { value: true }, runs, 'IPv6 stays off'), step('between', ok, runs), secondHalf, step('last', ok, runs)];
      const outcome = await runSteps({ steps: list, ctx, store, renderer: 'silent', skip: ['first-half'] });
      expect(outcome.ok).toBe(true);
      expect(runs).toEqual(['between', 'last']);
      expect(outcome.skipped.map((s) => s.id)).toEqual(['first-half', 'second-half']);
      expect(store.status('second-half')).toBe('skipped');
    });
  });

  test('ipv6-up needs only ipv6, so duplicate address detection runs while the rest goes on', () => {
    const up = guideSteps.find((s) => s.id === 'ipv6-up')!;
    expect(up.needs).toEqual(['ipv6']);
    expect(up.follows).toBe('ipv6');
    expect(up.skippable).toBe(guideSteps.find((s) => s.id === 'ipv6')!.skippable);
  });

  test('the guide steps that later steps depend on cannot be skipped', () => {
    const skippable = guideSteps.filter((s) => s.skippable).map((s) => s.id);
    expect(skippable).toEqual(['ipv6', 'ipv6-up', 'testmail', 'backup']);
    for (const id of ['preflight', 'chasquid', 'certificate', 'dkim', 'senders', 'dns']) expect(skippable).not.toContain(id);
  });

  test('a failure is written whole to the log (a screen shows only its start)', async () => {
    await withRun(async ({ store, ctx, logged }) => {
      const outcome = await runSteps({ steps: [step('only', { value: true }, [])], ctx, store, renderer: 'silent' });
      expect(outcome.ok).toBe(false);
      expect(logged).toContain('step only failed: only failed');
    });
  });
});
