import { render } from 'ink-testing-library';
import { Listr } from 'listr2';
import { TaskTree } from '../../src/ui/components/TaskTree.js';
import { bridgeRenderer, type TaskSnapshot } from '../../src/ui/listr-bridge.js';

describe('listr2 -> Ink bridge', () => {
  test('a real listr2 run is forwarded as snapshots: running output, done, skipped and failed', async () => {
    const seen: TaskSnapshot[][] = [];
    const list = new Listr(
      [
        {
          title: 'Install chasquid',
          task: (_ctx, task) =>
            task.newListr([
              { title: 'apt-get install', task: async (_c, t) => { t.output = 'Unpacking chasquid'; await new Promise((r) => setTimeout(r, 200)); } },
              { title: 'enable service', skip: () => 'already enabled', task: () => undefined },
            ]),
        },
        { title: 'DKIM', task: () => { throw new Error('dkimsign not found'); } },
      ],
      { renderer: bridgeRenderer((tree) => seen.push(tree)) as never, exitOnError: true },
    );
    await expect(list.run()).rejects.toThrow('dkimsign not found');
    const running = seen.find((tree) => tree[0]?.subtasks[0]?.status === 'running' && tree[0].subtasks[0].detail);
    expect(running?.[0]?.subtasks[0]?.detail).toBe('Unpacking chasquid');
    const last = seen[seen.length - 1]!;
    expect(last.map((t) => t.status)).toEqual(['done', 'failed']);
    expect(last[0]!.subtasks.map((t) => t.status)).toEqual(['done', 'skipped']);

    const ui = render(<TaskTree tree={last} />);
    expect(ui.lastFrame()).toContain('✔ Install chasquid');
    expect(ui.lastFrame()).toContain('✖ DKIM');
    expect(ui.lastFrame()).toContain('→ dkimsign not found');
    ui.unmount();
  });
});

describe('a task that reports a list', () => {
  test('shows its last lines while running, records turning ✓ as DNS shows them', async () => {
    const seen: TaskSnapshot[][] = [];
    let release!: () => void;
    const list = new Listr(
      [
        {
          title: 'Publish the records',
          task: async (_ctx, task) => {
            task.output = 'waiting for DNS (1 of 3 visible):\n✓ A smtp.example.com\n… TXT example.com\n✗ TXT _dmarc.example.com (DNS shows another value)';
            await new Promise<void>((r) => (release = r));
          },
        },
      ],
      { renderer: bridgeRenderer((tree) => seen.push(tree)) as never },
    );
    const run = list.run();
    while (!seen.some((t) => t[0]?.lines)) await new Promise((r) => setTimeout(r, 20));
    const tree = seen.find((t) => t[0]?.lines)!;
    expect(tree[0]!.lines).toEqual([
      'waiting for DNS (1 of 3 visible):',
      '✓ A smtp.example.com',
      '… TXT example.com',
      '✗ TXT _dmarc.example.com (DNS shows another value)',
    ]);
    const ui = render(<TaskTree tree={tree} />);
    expect(ui.lastFrame()).toContain('✓ A smtp.example.com');
    expect(ui.lastFrame()).toContain('… TXT example.com');
    ui.unmount();
    release();
    await run;
  });

  test('the DNS wait keeps its header and every record of the zone in view', async () => {
    const seen: TaskSnapshot[][] = [];
    let release!: () => void;
    const records = ['A smtp', 'AAAA smtp', 'MX @', 'TXT @', 'TXT ms20261128._domainkey', 'TXT _dmarc', 'TXT _mta-sts'];
    const list = new Listr(
      [
        {
          title: 'Publish the records',
          task: async (_ctx, task) => {
            task.output = ['waiting for DNS (2 of 7 visible):', ...records.map((r, i) => `${i < 2 ? '✓' : '…'} ${r}`)].join('\n');
            await new Promise<void>((r) => (release = r));
          },
        },
      ],
      { renderer: bridgeRenderer((tree) => seen.push(tree)) as never },
    );
    const run = list.run();
    while (!seen.some((t) => t[0]?.lines)) await new Promise((r) => setTimeout(r, 20));
    const lines = seen.find((t) => t[0]?.lines)![0]!.lines!;
    expect(lines[0]).toBe('waiting for DNS (2 of 7 visible):');
    expect(lines).toHaveLength(8);
    expect(lines[7]).toBe('… TXT _mta-sts');
    release();
    await run;
  });
});

describe('steps side by side', () => {
  test('two branches run at once, each showing only its subtask under way; a step waiting says after which', async () => {
    const { runSteps } = await import('../../src/tasks/runner.js');
    const { StateStore } = await import('../../src/state/store.js');
    const { defaultAnswers } = await import('../../src/state/answers.js');
    const { emptySecrets } = await import('../../src/state/secrets.js');
    const { mkdtempSync, rmSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const dir = mkdtempSync(join(tmpdir(), 'mailsetup-tree-'));
    try {
      const store = await StateStore.open(dir, 'root', '203.0.113.7', 22);
      const ctx = { remote: {} as never, answers: defaultAnswers('example.com') as never, secrets: emptySecrets(), facts: {}, dryRun: false, log: () => undefined };
      let release!: () => void;
      const gate = new Promise<void>((r) => (release = r));
      const work = (title: string) => ({ title, task: () => gate });
      const step = (id: string, title: string, needs: string[]) => ({
        id, title, why: 'test', reads: [], needs,
        tasks: () => [work(`${title}: first`), { title: `${title}: second`, task: () => undefined }],
        verify: async () => [],
      });
      const seen: TaskSnapshot[][] = [];
      const run = runSteps({
        steps: [step('issue', 'TLS certificate', []), step('install', 'SMTP server', []), step('place', 'Certificate for chasquid', ['issue', 'install'])],
        ctx, store, renderer: bridgeRenderer((tree) => seen.push(tree)) as never,
      });
      const both = async () => {
        for (let i = 0; i < 100; i++) {
          const tree = seen.at(-1);
          if (tree && tree[0]?.status === 'running' && tree[1]?.status === 'running' && tree[0].subtasks.length && tree[1].subtasks.length) return tree;
          await new Promise((r) => setTimeout(r, 20));
        }
        throw new Error(`never both running: ${JSON.stringify(seen.at(-1))}`);
      };
      const tree = await both();
      expect(tree[2]).toMatchObject({ status: 'pending', detail: 'after TLS certificate, SMTP server' });
      const ui = render(<TaskTree tree={tree} />);
      const frame = ui.lastFrame()!;
      expect(frame).toContain('TLS certificate: first');
      expect(frame).toContain('SMTP server: first');
      // Pending subtasks of a branch are left out while two run.
      expect(frame).not.toContain('TLS certificate: second');
      expect(frame).toContain('◻ Certificate for chasquid · after TLS certificate, SMTP server');
      ui.unmount();
      release();
      expect((await run).ok).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
