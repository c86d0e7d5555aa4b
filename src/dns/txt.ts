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

/**
 * The character-strings of a TXT record in zone-file form (`"a" "b"`, as
 * PowerDNS's API stores it): quotes removed, `\"`, `\\` and `\DDD` undone.
 * Text outside quotes is one string per word, as in a zone file.
 */
export function unquoteTxt(text: string): string[] {
  const chunks: string[] = [];
  const token = /"((?:[^"\\]|\\.)*)"|(\S+)/gs;
  for (const m of text.matchAll(token)) {
    const raw = m[1] ?? m[2] ?? '';
    const bytes: number[] = [];
    for (let i = 0; i < raw.length; i++) {
      const c = raw[i]!;
      if (c === '\\' && /^\d{3}$/.test(raw.slice(i + 1, i + 4))) {
        bytes.push(Number(raw.slice(i + 1, i + 4)));
        i += 3;
      } else {
        const char = c === '\\' && i + 1 < raw.length ? raw[++i]! : c;
        bytes.push(...Buffer.from(char));
      }
    }
    chunks.push(Buffer.from(bytes).toString('utf8'));
  }
  return chunks;
}
