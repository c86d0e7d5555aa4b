// A note that stands on the terminal only while something runs (the lab
// coming up before the wizard): on a terminal it is erased when the work is
// done, so the wizard's first frame starts on a clean line; in a log or a
// pipe it stays, as a line of its own.
export function transientLine(text: string, stream: NodeJS.WritableStream & { isTTY?: boolean } = process.stderr): () => void {
  if (!stream.isTTY) {
    stream.write(`${text}\n`);
    return () => undefined;
  }
  stream.write(text);
  // Carriage return, then erase the whole line: the cursor is back where the note began.
  return () => void stream.write('\r\x1b[2K');
}
