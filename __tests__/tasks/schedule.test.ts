// Steps side by side: what each step waits for (declared `needs`, or every
// step before it when it declares none), that independent steps really run
// at once and dependent ones only after their needs, how a failure stops the
// steps not yet started, and the guide's own graph: issuance waits neither
// for chasquid's install nor for IPv6, DNS only for the DKIM key and the
// addresses.
import { describe, expect, test } from '@jest/globals';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultAnswers, type Answers } from '../../src/state/answers.js';
import { emptySecrets } from '../../src/state/secrets.js';
import { StateStore } from '../../src/state/store.js';
import { runSteps } from '../../src/tasks/runner.js';
import { directWaits, StepOrderError, unknownNeeds, waitsFor } from '../../src/tasks/schedule.js';
import { steps as guideSteps } from '../../src/tasks/steps.js';
import { aptInstall } from '../../src/tasks/apt.js';
import type { Step, StepContext } from '../../src/tasks/types.js';
import type { ExecOptions, ExecResult, Remote } from '../../src/remote/types.js';
import type { Raw } from '../../src/remote/quote.js';

type Work = (log: string[]) => Promise<void>;

function step(id: string, needs: string[] | undefined, work: Work, log: string[]): Step {
  return {
    id,
    title: `Step ${id}`,
    why: 'test step',
    reads: [],
    ...(needs ? { needs } : {}),
    tasks: () => [{ title: `work of ${id}`, task: () => work(log) }],
    verify: async () => [],
  };
}

const tick = (ms = 20) => new Promise((r) => setTimeout(r, ms));
/** Work that logs its start and end around a short pause. */
const timed = (id: string): Work => async (log) => {
  log.push(`${id}:start`);
  await tick();
  log.push(`${id}:end`);
};

async function withRun(fn: (run: { store: StateStore; ctx: StepContext }) => Promise<void>): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'mailsetup-schedule-'));
  try {
    const answers = { ...defaultAnswers('example.com'), host: { address: '203.0.113.7', user: 'root', port: 22 } } as Answers;
    const store = await StateStore.open(dir, 'root', '203.0.113.7', 22);
    const ctx: StepContext = { remote: {} as Remote, answers, secrets: emptySecrets(), facts: {}, dryRun: false, log: () => undefined };
    await fn({ store, ctx });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('what a step waits for', () => {
  const noop: Work = async () => undefined;
  test('no needs: every step before it; declared needs: only those; an empty list: nothing', () => {
    const log: string[] = [];
    const list = [step('a', [], noop, log), step('b', ['a'], noop, log), step('c', [], noop, log), step('d', undefined, noop, log)];
    const waits = waitsFor(list);
    expect(waits.get('a')).toEqual([]);
    expect(waits.get('b')).toEqual(['a']);
    expect(waits.get('c')).toEqual([]);
    expect(waits.get('d')).toEqual(['a', 'b', 'c']);
    // What the tree shows: d waits for b and c (a comes with b).
    expect(directWaits(list).get('d')).toEqual(['b', 'c']);
  });

  test('a step that needs a later step is refused with what to move', () => {
    const log: string[] = [];
    expect(() => waitsFor([step('a', ['b'], noop, log), step('b', [], noop, log)])).toThrow(StepOrderError);
    expect(() => waitsFor([step('a', ['b'], noop, log), step('b', [], noop, log)])).toThrow(/move "b" before it/);
  });

  test('a step run alone (a day-two change, a one-step plan) waits for nothing', () => {
    expect(waitsFor([guideSteps.find((s) => s.id === 'restart')!]).get('restart')).toEqual([]);
  });
});

describe('the guide steps', () => {
  const waits = waitsFor(guideSteps);
  const closure = (id: string): Set<string> => {
    const out = new Set<string>();
    for (const dep of waits.get(id)!) {
      out.add(dep);
      for (const deeper of closure(dep)) out.add(deeper);
    }
    return out;
  };

  test('every step declares its needs, and each names an earlier step', () => {
    expect(guideSteps.filter((s) => s.needs === undefined).map((s) => s.id)).toEqual([]);
    expect(unknownNeeds(guideSteps)).toEqual([]);
  });

  // A rerun that reopens a port in the firewall while the test mail already
  // tried to log in on it failed with "port 465: cannot connect".
  test('the test mail, which logs in from outside, waits for the firewall step', () => {
    expect(closure('testmail').has('firewall')).toBe(true);
  });

  test('the certificate is issued without waiting for chasquid, its install, or IPv6', () => {
    const before = closure('certificate');
    expect([...before].sort()).toEqual(['acme-client', 'preflight']);
  });

  test('chasquid installs after the ACME client (one apt at a time, the client first) and beside issuance', () => {
    expect([...closure('chasquid')].sort()).toEqual(['acme-client', 'preflight']);
  });

  test('DNS waits for the DKIM key and the addresses only, not for the certificate or the restart', () => {
    const before = closure('dns');
    for (const id of ['dkim', 'ipv6-up', 'preflight']) expect(before).toContain(id);
    for (const id of ['certificate', 'certificate-install', 'restart', 'senders', 'receiving', 'firewall']) expect(before).not.toContain(id);
  });

  test('the TLSA record (DANE) waits for the certificate in place and the records, and nothing waits for it but the steps after', () => {
    const before = closure('dane');
    for (const id of ['certificate-install', 'dns', 'certificate']) expect(before).toContain(id);
    expect(closure('dns').has('dane')).toBe(false);
  });

  test('chasquid starts once: the restart step comes after every step that changes what it reads', () => {
    const before = closure('restart');
    for (const id of ['certificate-install', 'dkim', 'senders', 'receiving']) expect(before).toContain(id);
  });
});

describe('the runner', () => {
  test('independent steps run at the same time; a step starts only once its needs are through', async () => {
    await withRun(async ({ store, ctx }) => {
      const log: string[] = [];
      const list = [step('a', [], timed('a'), log), step('b', ['a'], timed('b'), log), step('c', ['a'], timed('c'), log), step('d', ['b', 'c'], timed('d'), log)];
      const outcome = await runSteps({ steps: list, ctx, store, renderer: 'silent' });
      expect(outcome.ok).toBe(true);
      expect(log.slice(0, 2)).toEqual(['a:start', 'a:end']);
      // b and c overlap: both started before either ended.
      expect(log.slice(2, 4).sort()).toEqual(['b:start', 'c:start']);
      expect(log.slice(-2)).toEqual(['d:start', 'd:end']);
      // Reported in list order, whatever order they finished in.
      expect(Object.keys(outcome.verified)).toEqual(['a', 'b', 'c', 'd']);
    });
  });

  test('without needs a step waits for every step before it, as before steps declared any', async () => {
    await withRun(async ({ store, ctx }) => {
      const log: string[] = [];
      const list = [step('a', [], timed('a'), log), step('b', [], timed('b'), log), step('c', undefined, timed('c'), log)];
      expect((await runSteps({ steps: list, ctx, store, renderer: 'silent' })).ok).toBe(true);
      expect(log.slice(-2)).toEqual(['c:start', 'c:end']);
      expect(log.indexOf('c:start')).toBeGreaterThan(Math.max(log.indexOf('a:end'), log.indexOf('b:end')));
    });
  });

  test('a failure lets the step beside it finish, starts nothing after it, and is the one reported', async () => {
    await withRun(async ({ store, ctx }) => {
      const log: string[] = [];
      const boom: Work = async (l) => {
        l.push('bad:start');
        throw new Error('bad broke');
      };
      const slow: Work = async (l) => {
        l.push('slow:start');
        await tick(60);
        l.push('slow:end');
      };
      const list = [step('bad', [], boom, log), step('slow', [], slow, log), step('after-bad', ['bad'], timed('after-bad'), log), step('after-slow', ['slow'], timed('after-slow'), log)];
      const outcome = await runSteps({ steps: list, ctx, store, renderer: 'silent' });
      expect(outcome.ok).toBe(false);
      expect(outcome.failedStep).toBe('bad');
      expect(outcome.error?.message).toBe('bad broke');
      expect(log).toContain('slow:end');
      expect(log).not.toContain('after-bad:start');
      expect(log).not.toContain('after-slow:start');
      expect(store.status('bad')).toBe('failed');
      expect(store.status('slow')).toBe('done');
      expect(store.status('after-slow')).toBe('pending');
    });
  });
});

describe('apt on one connection', () => {
  test('two installs asked at once run one after the other', async () => {
    const running: string[] = [];
    let overlap = false;
    let active = 0;
    const remote = {
      target: 'test',
      usesSudo: false,
      commandCount: 0,
      async exec(command: Raw, options: ExecOptions = {}): Promise<ExecResult> {
        active++;
        if (active > 1) overlap = true;
        // One command: dpkg asked what is missing, the package lists refreshed when stale, then the install.
        running.push(/dpkg-query.*update -q .*install -y/s.test(command.text) ? 'update+install' : command.text);
        // As the server's shell prints it: the packages found missing, first.
        const said = `mailsetup-apt-missing: ${command.text.includes('lego') ? 'lego' : 'chasquid'}`;
        options.onLine?.(said, 'stdout');
        await tick(10);
        active--;
        return { code: 0, stdout: `${said}\n`, stderr: '' };
      },
    } as unknown as Remote;
    const ctx = { remote } as StepContext;
    const task = { output: '' } as never;
    const [a, b] = await Promise.all([aptInstall(ctx, task, ['lego']), aptInstall(ctx, task, ['chasquid'])]);
    expect(a).toEqual(['lego']);
    expect(b).toEqual(['chasquid']);
    expect(overlap).toBe(false);
    expect(running).toEqual(['update+install', 'update+install']);
  });
});
