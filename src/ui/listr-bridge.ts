// A listr2 renderer that draws nothing itself: it turns the task tree into
// plain snapshots and hands them to a listener, so Ink draws the tree inside
// the wizard's layout and the two never write over each other.
import type { ListrRenderer, ListrTaskObject } from 'listr2';

export type TaskStatus = 'pending' | 'running' | 'done' | 'failed' | 'skipped';

export interface TaskSnapshot {
  id: string;
  title: string;
  status: TaskStatus;
  /** Last line of output while running; skip or error message after. */
  detail?: string;
  /** The last few output lines while running, for a task that reports a list (DNS records as they appear). */
  lines?: string[];
  subtasks: TaskSnapshot[];
}

type AnyTask = ListrTaskObject<any, any, any>;

function statusOf(task: AnyTask): TaskStatus {
  if (task.hasFailed()) return 'failed';
  if (task.isSkipped()) return 'skipped';
  if (task.isCompleted()) return 'done';
  if (task.isStarted()) return 'running';
  return 'pending';
}

function lastLine(text: string | undefined): string | undefined {
  const lines = (text ?? '').split('\n').map((l) => l.trimEnd()).filter(Boolean);
  return lines[lines.length - 1];
}

/**
 * At most this many output lines of a running task are drawn: the DNS wait's
 * header and one line per record of the zone (A, AAAA, MX, SPF, DKIM, DMARC,
 * and one more) all stay in view. The layout still fits 80x24: ten steps, the
 * DNS step's three subtasks and these lines, under the two header rows.
 */
export const MAX_OUTPUT_LINES = 8;

function outputLines(text: string | undefined): string[] {
  return (text ?? '').split('\n').map((l) => l.trimEnd()).filter(Boolean).slice(-MAX_OUTPUT_LINES);
}

export function snapshot(tasks: AnyTask[]): TaskSnapshot[] {
  return tasks
    .filter((task) => task.isEnabled() && task.hasTitle())
    .map((task) => {
      const status = statusOf(task);
      // A step waiting for the steps it needs says which ("after ..."): the branches of the run, as they stand.
      const detail =
        status === 'failed' ? lastLine(task.message.error) : status === 'skipped' ? task.message.skip : status === 'running' || status === 'pending' ? lastLine(task.output) : undefined;
      const lines = status === 'running' ? outputLines(task.output) : [];
      return { id: task.id, title: task.title ?? '', status, detail, ...(lines.length > 1 ? { lines } : {}), subtasks: snapshot(task.subtasks ?? []) };
    });
}

export type SnapshotListener = (tree: TaskSnapshot[]) => void;

/** Build a renderer class bound to one listener (listr2 instantiates it). */
export function bridgeRenderer(listener: SnapshotListener): new (tasks: AnyTask[], options: unknown) => ListrRenderer {
  return class InkBridgeRenderer implements ListrRenderer {
    static nonTTY = true;
    static rendererOptions = {};
    static rendererTaskOptions = {};
    private timer?: NodeJS.Timeout;
    private last = '';

    constructor(private readonly tasks: AnyTask[], _options: unknown) {}

    private push(): void {
      const tree = snapshot(this.tasks);
      const key = JSON.stringify(tree);
      if (key === this.last) return;
      this.last = key;
      listener(tree);
    }

    render(): void {
      // Polling a small tree every 80 ms is cheaper and simpler than wiring
      // listeners into every task and every subtask list created later.
      this.timer = setInterval(() => this.push(), 80);
      this.push();
    }

    end(): void {
      if (this.timer) clearInterval(this.timer);
      this.push();
    }
  };
}
