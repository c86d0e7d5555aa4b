// TXT values longer than 255 bytes must be split into several
// character-strings (RFC 1035 3.3.14); DKIM RSA keys always are. Splitting is
// by bytes, never inside a UTF-8 sequence.

export const TXT_CHUNK_BYTES = 255;

export function splitTxt(value: string, max = TXT_CHUNK_BYTES): string[] {
  if (value === '') return [''];
  const chunks: string[] = [];
  let current = '';
  let size = 0;
  for (const char of value) {
    const bytes = Buffer.byteLength(char);
    if (size + bytes > max) {
      chunks.push(current);
      current = '';
      size = 0;
    }
    current += char;
    size += bytes;
  }
  chunks.push(current);
  return chunks;
}

/** Zone-file form of one character-string: quoted, `"` and `\` escaped. */
export const quoteTxtChunk = (chunk: string): string => `"${chunk.replace(/[\\"]/g, (c) => `\\${c}`)}"`;

/** All chunks of a TXT value, quoted and space-separated, as BIND reads them. */
export const quoteTxt = (value: string): string => splitTxt(value).map(quoteTxtChunk).join(' ');

/** The `v=...` tag that says what a TXT record is (spf1, DKIM1, DMARC1, ...), lower case. */
export function txtKind(value: string): string | undefined {
  const match = /^\s*v\s*=\s*([A-Za-z0-9]+)/.exec(value);
  return match ? match[1]!.toLowerCase() : undefined;
}
