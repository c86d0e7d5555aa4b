// Reads what a batch script (batch-script.ts) prints, as it arrives, and
// hands over each command's result the moment its frame is complete. The
// bytes come from the server: a header that does not parse, an index that
// was not asked for or given twice, or an absurd length ends the reading,
// and every command without a result then fails instead of being guessed.
import { FRAME_MARK } from './batch-script.js';

export interface FrameResult {
  code: number;
  stdout: Buffer;
  stderr: Buffer;
}

const STARTED = Buffer.from(`${FRAME_MARK}started\n`);
const MARK = Buffer.from(FRAME_MARK);
const HEADER = /^(\d{1,6}) (\d{1,3}) (\d{1,12}) (\d{1,12})$/;
const MAX_HEADER = 64;
/** No single command's output is larger than this in mailsetup's use (a backup's listing is ~200 KB). */
const MAX_OUTPUT = 256 * 1024 * 1024;

export class BatchFrames {
  /** True once the script said every command was started: from then on, running one again could run it twice. */
  started = false;
  /** Why reading stopped early, if it did. */
  broken?: string;
  private buffer: Buffer = Buffer.alloc(0);
  private readonly seen = new Set<number>();

  constructor(
    private readonly size: number,
    private readonly onResult: (index: number, result: FrameResult) => void,
  ) {}

  has(index: number): boolean {
    return this.seen.has(index);
  }

  get complete(): boolean {
    return this.seen.size === this.size;
  }

  push(chunk: Buffer): void {
    if (this.broken) return;
    this.buffer = this.buffer.length ? Buffer.concat([this.buffer, chunk]) : chunk;
    while (!this.broken && this.next());
  }

  /** Consume one whole piece from the buffer; false when more bytes are needed. */
  private next(): boolean {
    if (!this.started) {
      if (this.buffer.length < STARTED.length) return this.expectPrefix(STARTED);
      if (!this.buffer.subarray(0, STARTED.length).equals(STARTED)) return this.stop('the batch did not start as expected');
      this.started = true;
      this.buffer = this.buffer.subarray(STARTED.length);
      return true;
    }
    if (this.buffer.length === 0) return false;
    if (this.buffer.length < MARK.length) return this.expectPrefix(MARK);
    if (!this.buffer.subarray(0, MARK.length).equals(MARK)) return this.stop('a result did not start with its header');
    const end = this.buffer.indexOf(0x0a, MARK.length);
    if (end < 0) return this.buffer.length > MARK.length + MAX_HEADER ? this.stop('a result header is too long') : false;
    const m = HEADER.exec(this.buffer.subarray(MARK.length, end).toString('latin1'));
    if (!m) return this.stop('a result header did not parse');
    const [index, code, outBytes, errBytes] = m.slice(1).map(Number) as [number, number, number, number];
    if (index >= this.size || this.seen.has(index)) return this.stop(`a result for command ${index}, which was not waiting for one`);
    if (code > 255 || outBytes > MAX_OUTPUT || errBytes > MAX_OUTPUT) return this.stop('a result header is out of range');
    const bodyStart = end + 1;
    if (this.buffer.length < bodyStart + outBytes + errBytes) return false;
    const stdout = Buffer.from(this.buffer.subarray(bodyStart, bodyStart + outBytes));
    const stderr = Buffer.from(this.buffer.subarray(bodyStart + outBytes, bodyStart + outBytes + errBytes));
    this.buffer = this.buffer.subarray(bodyStart + outBytes + errBytes);
    this.seen.add(index);
    this.onResult(index, { code, stdout, stderr });
    return true;
  }

  /** The buffer so far is a prefix of `expected`: wait for more; otherwise stop. */
  private expectPrefix(expected: Buffer): boolean {
    return expected.subarray(0, this.buffer.length).equals(this.buffer) ? false : this.stop('the batch printed something unexpected');
  }

  private stop(why: string): boolean {
    this.broken = why;
    return false;
  }
}
