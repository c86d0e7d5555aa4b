// A Remote that writes every command and file write to mailsetup's log
// (command, exit code, time taken, and the last lines of output on failure),
// so a user or a bug report can see exactly what ran. The log redacts the
// run's secrets; stdin, where secrets travel, is never logged.
import type { Raw } from './quote.js';
import type { ExecOptions, ExecResult, Remote, WriteOptions, WriteResult } from './types.js';

export class LoggedRemote implements Remote {
  constructor(
    private readonly inner: Remote,
    private readonly log: (line: string) => void,
  ) {}

  get target(): string {
    return this.inner.target;
  }

  get usesSudo(): boolean {
    return this.inner.usesSudo;
  }

  get commandCount(): number {
    return this.inner.commandCount;
  }

  async exec(command: Raw, options: ExecOptions = {}): Promise<ExecResult> {
    const started = Date.now();
    const ms = () => `${Date.now() - started} ms`;
    try {
      const result = await this.inner.exec(command, options);
      this.log(`$ ${command.text}${options.stdin !== undefined ? '   (stdin given)' : ''} -> exit ${result.code}, ${ms()}`);
      if (result.code !== 0) this.log(tail(result.stdout + result.stderr));
      return result;
    } catch (error) {
      this.log(`$ ${command.text} -> failed after ${ms()}: ${(error as Error).message}`);
      throw error;
    }
  }

  async readFile(path: string): Promise<Buffer | null> {
    const data = await this.inner.readFile(path);
    this.log(`read ${path}${data === null ? ' (missing)' : ''}`);
    return data;
  }

  async writeFile(path: string, content: string | Buffer, options: WriteOptions = {}): Promise<WriteResult> {
    const result = await this.inner.writeFile(path, content, options);
    // "unchanged" lines count the round trip without reading as a change.
    if (result.changed) this.log(`write ${path}${result.backupPath ? ` (previous kept as ${result.backupPath})` : ''}`);
    else this.log(`unchanged ${path}`);
    return result;
  }

  close(): Promise<void> {
    return this.inner.close();
  }
}

const tail = (text: string) =>
  text
    .split('\n')
    .filter(Boolean)
    .slice(-10)
    .map((l) => `  | ${l}`)
    .join('\n');
