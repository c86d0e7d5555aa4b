// Turns chunks of a byte stream into complete lines, so a listr2 task shows
// whole lines even when SSH splits a line (or a UTF-8 character) across packets.
import { StringDecoder } from 'node:string_decoder';

export class LineSplitter {
  private readonly decoder = new StringDecoder('utf8');
  private pending = '';

  constructor(private readonly onLine: (line: string) => void) {}

  push(chunk: Buffer): void {
    this.pending += this.decoder.write(chunk);
    let newline = this.pending.indexOf('\n');
    while (newline !== -1) {
      this.onLine(this.pending.slice(0, newline).replace(/\r$/, ''));
      this.pending = this.pending.slice(newline + 1);
      newline = this.pending.indexOf('\n');
    }
  }

  /** Emit the last line when the stream ended without a newline. */
  end(): void {
    this.pending += this.decoder.end();
    if (this.pending !== '') this.onLine(this.pending.replace(/\r$/, ''));
    this.pending = '';
  }
}

/** Keeps only the last `max` lines seen (what a failure message shows). */
export class LineTail {
  private readonly lines: string[] = [];
  constructor(private readonly max = 20) {}
  add(line: string): void {
    this.lines.push(line);
    if (this.lines.length > this.max) this.lines.shift();
  }
  get(): string[] {
    return [...this.lines];
  }
}
