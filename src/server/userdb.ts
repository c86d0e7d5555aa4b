// chasquid's users file (domains/D/users) is protobuf text format with an
// scrypt hash per user. chasquid-util reads passwords only from a terminal
// or from argv, and argv is visible to every process on the server; so
// mailsetup computes the same scrypt hash here and writes the file itself:
// the password never reaches the server at all, only its hash.
import { randomBytes, scryptSync, timingSafeEqual } from 'node:crypto';

/** chasquid's defaults (userdb.go): N = 2^14, r = 8, p = 1, 32-byte key, 16-byte salt. */
const LOG_N = 14;
const R = 8;
const P = 1;
const KEY_LEN = 32;

export interface ScryptEntry {
  logN: number;
  r: number;
  p: number;
  keyLen: number;
  salt: Buffer;
  encrypted: Buffer;
}

export interface UserBlock {
  name: string;
  /** The block's text as found, kept verbatim for users mailsetup does not manage. */
  text: string;
  scrypt?: ScryptEntry;
}

/** Decode a protobuf text string literal body (escapes and raw UTF-8) into bytes. */
export function unescapeBytes(body: string): Buffer {
  const out: number[] = [];
  for (let i = 0; i < body.length; i++) {
    const c = body[i]!;
    if (c !== '\\') {
      out.push(...Buffer.from(c, 'utf8'));
      continue;
    }
    const n = body[++i]!;
    const simple: Record<string, number> = { n: 10, r: 13, t: 9, '"': 34, "'": 39, '\\': 92, a: 7, b: 8, f: 12, v: 11, '?': 63 };
    if (n in simple) out.push(simple[n]!);
    else if (n === 'x' || n === 'X') {
      const hex = /^[0-9a-fA-F]{1,2}/.exec(body.slice(i + 1))![0];
      out.push(parseInt(hex, 16));
      i += hex.length;
    } else if (/[0-7]/.test(n)) {
      const oct = /^[0-7]{1,3}/.exec(body.slice(i))![0];
      out.push(parseInt(oct, 8) & 0xff);
      i += oct.length - 1;
    } else throw new Error(`unknown escape \\${n} in users file`);
  }
  return Buffer.from(out);
}

/** Every byte outside printable ASCII as a 3-digit octal escape: unambiguous for any parser. */
export function escapeBytes(bytes: Buffer): string {
  let s = '';
  for (const b of bytes) {
    if (b >= 0x20 && b < 0x7f && b !== 0x22 && b !== 0x5c && b !== 0x27) s += String.fromCharCode(b);
    else s += `\\${b.toString(8).padStart(3, '0')}`;
  }
  return s;
}

/** Top-level `users: { ... }` blocks, braces matched outside string literals. */
export function parseUsers(text: string): UserBlock[] {
  const blocks: UserBlock[] = [];
  const re = /users\s*:?\s*\{/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text))) {
    let depth = 0;
    let i = m.index + m[0].length - 1;
    let inString = false;
    for (; i < text.length; i++) {
      const c = text[i];
      if (inString) {
        if (c === '\\') i++;
        else if (c === '"') inString = false;
      } else if (c === '"') inString = true;
      else if (c === '{') depth++;
      else if (c === '}' && --depth === 0) break;
    }
    const blockText = text.slice(m.index, i + 1);
    re.lastIndex = i + 1;
    const name = /key\s*:\s*"((?:[^"\\]|\\.)*)"/.exec(blockText)?.[1];
    if (name === undefined) continue;
    const field = (key: string) => new RegExp(`\\b${key}\\s*:\\s*(?:"((?:[^"\\\\]|\\\\.)*)"|(\\d+))`).exec(blockText);
    const num = (key: string) => Number(field(key)?.[2]);
    const bytes = (key: string) => {
      const f = field(key);
      return f?.[1] !== undefined ? unescapeBytes(f[1]) : undefined;
    };
    const salt = bytes('salt');
    const encrypted = bytes('encrypted');
    const block: UserBlock = { name: unescapeBytes(name).toString('utf8'), text: blockText };
    if (/scrypt\s*:?\s*\{/.test(blockText) && salt && encrypted) {
      block.scrypt = { logN: num('logN'), r: num('r'), p: num('p'), keyLen: num('keyLen'), salt, encrypted };
    }
    blocks.push(block);
  }
  return blocks;
}

export function hashPassword(password: string, salt = randomBytes(16)): ScryptEntry {
  const encrypted = scryptSync(Buffer.from(password, 'utf8'), salt, KEY_LEN, { N: 2 ** LOG_N, r: R, p: P, maxmem: 64 * 1024 * 1024 });
  return { logN: LOG_N, r: R, p: P, keyLen: KEY_LEN, salt, encrypted };
}

export function passwordMatches(entry: ScryptEntry, password: string): boolean {
  const got = scryptSync(Buffer.from(password, 'utf8'), entry.salt, entry.keyLen, {
    N: 2 ** entry.logN,
    r: entry.r,
    p: entry.p,
    maxmem: 256 * 1024 * 1024,
  });
  return got.length === entry.encrypted.length && timingSafeEqual(got, entry.encrypted);
}

export function renderUser(name: string, e: ScryptEntry): string {
  return [
    'users: {',
    `  key: "${escapeBytes(Buffer.from(name, 'utf8'))}"`,
    '  value: {',
    '    scrypt: {',
    `      logN: ${e.logN}`,
    `      r: ${e.r}`,
    `      p: ${e.p}`,
    `      keyLen: ${e.keyLen}`,
    `      salt: "${escapeBytes(e.salt)}"`,
    `      encrypted: "${escapeBytes(e.encrypted)}"`,
    '    }',
    '  }',
    '}',
  ].join('\n');
}

/**
 * The users file with `wanted` (local part -> password) in place: a user
 * whose stored hash already matches keeps its block byte for byte (so a rerun
 * writes nothing), other users are left as they are.
 */
export function withUsers(current: string, wanted: Record<string, string>): { text: string; changed: string[] } {
  const blocks = parseUsers(current);
  const changedUsers: string[] = [];
  const out: string[] = [];
  const seen = new Set<string>();
  for (const block of blocks) {
    const password = wanted[block.name];
    if (password === undefined) out.push(block.text);
    else if (block.scrypt && passwordMatches(block.scrypt, password)) out.push(block.text);
    else {
      out.push(renderUser(block.name, hashPassword(password)));
      changedUsers.push(block.name);
    }
    seen.add(block.name);
  }
  for (const [name, password] of Object.entries(wanted)) {
    if (seen.has(name)) continue;
    out.push(renderUser(name, hashPassword(password)));
    changedUsers.push(name);
  }
  return { text: changedUsers.length ? `${out.join('\n')}\n` : current, changed: changedUsers };
}

/** Remove users (local parts); other blocks untouched. */
export function withoutUsers(current: string, names: string[]): { text: string; removed: string[] } {
  const blocks = parseUsers(current);
  const removed = blocks.filter((b) => names.includes(b.name)).map((b) => b.name);
  if (!removed.length) return { text: current, removed };
  return { text: `${blocks.filter((b) => !names.includes(b.name)).map((b) => b.text).join('\n')}\n`, removed };
}
