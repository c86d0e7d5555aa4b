// Runs one command string on an open ssh2 connection and gathers what it
// prints. This is the only place that touches ssh2 channels; everything above
// it (sudo, file writes, steps) deals in command strings and results.
import type { Client } from 'ssh2';
import { LineSplitter, LineTail } from './lines.js';
import type { OutputStream } from './types.js';

export interface ChannelRun {
  code: number;
  /** Set when the command died from a signal (code is then 128 + n where known, else 255). */
  signal?: string;
  stdout: Buffer;
  stderr: Buffer;
  /** The last lines of stdout and stderr, interleaved as they arrived. */
  tail: string[];
  timedOut: boolean;
  /** False when the channel closed without an exit status or signal (the link may have dropped). */
  exited: boolean;
}

export interface ChannelOptions {
  stdin?: Buffer;
  onLine?: (line: string, stream: OutputStream) => void;
  /** Every stdout chunk as it arrives (a batch's results are read while it runs). */
  onStdout?: (chunk: Buffer) => void;
  timeoutMs?: number;
  tailLines?: number;
}

export function runOnChannel(client: Client, command: string, options: ChannelOptions = {}): Promise<ChannelRun> {
  return new Promise((resolve, reject) => {
    client.exec(command, (err, channel) => {
      if (err) return reject(err);
      const out: Buffer[] = [];
      const errOut: Buffer[] = [];
      const tail = new LineTail(options.tailLines ?? 20);
      const splitter = (stream: OutputStream) =>
        new LineSplitter((line) => {
          tail.add(line);
          options.onLine?.(line, stream);
        });
      const stdoutLines = splitter('stdout');
      const stderrLines = splitter('stderr');
      let code: number | undefined;
      let signal: string | undefined;
      let timedOut = false;
      let timer: NodeJS.Timeout | undefined;

      channel.on('data', (chunk: Buffer) => {
        out.push(chunk);
        stdoutLines.push(chunk);
        options.onStdout?.(chunk);
      });
      channel.stderr.on('data', (chunk: Buffer) => {
        errOut.push(chunk);
        stderrLines.push(chunk);
      });
      channel.on('exit', (exitCode: number | null, exitSignal?: string) => {
        if (typeof exitCode === 'number') code = exitCode;
        if (exitSignal) signal = exitSignal;
      });
      channel.on('close', () => {
        if (timer) clearTimeout(timer);
        stdoutLines.end();
        stderrLines.end();
        resolve({
          code: code ?? 255,
          signal,
          stdout: Buffer.concat(out),
          stderr: Buffer.concat(errOut),
          tail: tail.get(),
          timedOut,
          exited: code !== undefined || signal !== undefined,
        });
      });
      channel.on('error', (e: Error) => reject(e));

      if (options.timeoutMs !== undefined) {
        // The remote side also runs under `timeout`; this is the backstop for
        // a server that stops answering altogether.
        timer = setTimeout(() => {
          timedOut = true;
          try {
            channel.signal('KILL');
          } catch {
            // older servers refuse signal requests; closing is enough
          }
          channel.close();
        }, options.timeoutMs + 5000);
      }
      channel.end(options.stdin ?? undefined);
    });
  });
}
