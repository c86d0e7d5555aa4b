// Gathers the commands asked for in the same instant (steps and checks that
// run side by side) and sends them as one batch (batch-script.ts): one
// channel and one round trip instead of one each. A command asked for alone
// goes alone, unchanged. A batch that never started (no bash, no /run, the
// channel refused) runs its commands one by one instead: none of them ran.
// One that started and then lost its channel fails the commands still
// waiting: they may have run, so they are not run again.
import { batchScript, batchStdin, type BatchedCommand } from './batch-script.js';
import { BatchFrames, type FrameResult } from './batch-frames.js';
import type { ChannelRun } from './channel.js';
import { LineSplitter, LineTail } from './lines.js';

export interface BatchTransport {
  /** Run a batch script as root on one channel with `stdin`, passing stdout on as it arrives. */
  runBatch(script: string, stdin: Buffer | undefined, onStdout: (chunk: Buffer) => void): Promise<ChannelRun>;
  /** Run one command alone, the way every command ran before batches. */
  runAlone(command: BatchedCommand): Promise<ChannelRun>;
}

export class BatchLostError extends Error {
  constructor(readonly command: string, why: string) {
    super(`no result for a remote command sent with others (${why}): ${command}`);
    this.name = 'BatchLostError';
  }
}

interface Waiting extends BatchedCommand {
  resolve: (run: ChannelRun) => void;
  reject: (error: unknown) => void;
}

export class CommandBatcher {
  private queue: Waiting[] = [];

  constructor(private readonly transport: BatchTransport) {}

  run(command: BatchedCommand): Promise<ChannelRun> {
    return new Promise((resolve, reject) => {
      // Everything asked for before the event loop turns travels together.
      if (this.queue.length === 0) setImmediate(() => void this.flush());
      this.queue.push({ ...command, resolve, reject });
    });
  }

  private async flush(): Promise<void> {
    const batch = this.queue;
    this.queue = [];
    if (batch.length === 1) return settle(batch[0]!, this.transport.runAlone(batch[0]!));
    const frames = new BatchFrames(batch.length, (i, result) => batch[i]!.resolve(asRun(result)));
    let run: ChannelRun | undefined;
    let failure: unknown;
    try {
      run = await this.transport.runBatch(batchScript(batch).text, batchStdin(batch), (chunk) => frames.push(chunk));
    } catch (error) {
      failure = error;
    }
    if (frames.complete) return;
    const missing = batch.filter((_, i) => !frames.has(i));
    if (!frames.started) {
      await Promise.all(missing.map((w) => settle(w, this.transport.runAlone(w))));
      return;
    }
    const why = frames.broken ?? (failure ? String((failure as Error).message ?? failure) : `the batch ended with exit ${run?.code ?? '?'}`);
    for (const w of missing) w.reject(failure && !frames.broken ? failure : new BatchLostError(w.text, why));
  }
}

async function settle(w: Waiting, run: Promise<ChannelRun>): Promise<void> {
  try {
    w.resolve(await run);
  } catch (error) {
    w.reject(error);
  }
}

/** A batched command's result in the shape a lone command's has. */
function asRun(result: FrameResult): ChannelRun {
  const tail = new LineTail(20);
  for (const stream of [result.stdout, result.stderr]) {
    const lines = new LineSplitter((l) => tail.add(l));
    lines.push(stream);
    lines.end();
  }
  return { code: result.code, stdout: result.stdout, stderr: result.stderr, tail: tail.get(), timedOut: false, exited: true };
}
