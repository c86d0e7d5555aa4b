// Where chasquid keeps the DKIM private keys, in both ways the guide knows:
// chasquid >= 1.14 signs natively from domains/<domain>/dkim:<selector>.pem;
// older ones sign in the post-data hook from certs/<domain>/dkim_privkey.pem
// with the selector in domains/<domain>/dkim_selector.
import { createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto';
import { sh } from '../remote/quote.js';
import { printText } from '../remote/text-read.js';
import type { Remote } from '../remote/types.js';
import { probesInOne, type ProbeOutput } from './probes-in-one.js';

export interface ServerDkimKey {
  selector: string;
  mode: 'native' | 'hook';
  path: string;
  /** The public half, derived on this computer; the private key never leaves memory. */
  publicKey: KeyObject;
}

const DOMAIN = /^(?=.{1,253}$)([a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9])?\.)+[a-z0-9-]{2,63}$/i;
// The server names the selector (a file name, a file's content), and the
// selector names a DNS record: letters, digits, _ - and inner dots only.
const SELECTOR_TEXT = '[A-Za-z0-9_-]{1,63}(?:\\.[A-Za-z0-9_-]{1,63}){0,3}';
export const SELECTOR = new RegExp(`^${SELECTOR_TEXT}$`);
/** `dkim:SELECTOR.pem`, chasquid's native key file. */
export const NATIVE = new RegExp(`^dkim:(${SELECTOR_TEXT})\\.pem$`);

export async function readServerDkimKeys(remote: Remote, domain: string, timeoutMs?: number): Promise<ServerDkimKey[]> {
  // The domain becomes part of a path: refuse anything that is not a plain name.
  if (!DOMAIN.test(domain)) throw new Error(`not a domain name: "${domain}"`);
  const dir = `/etc/chasquid/domains/${domain}`;
  const hookPath = `/etc/chasquid/certs/${domain}/dkim_privkey.pem`;
  // Everything that might hold a key is read in one command (probes-in-one.ts),
  // the files the listing names right after it.
  const [listing, selectorFile, hookPem] = await probesInOne(remote, [listNames(dir), readTextIfThere(`${dir}/dkim_selector`), readTextIfThere(hookPath)], timeoutMs);
  const native = (listing.code === 0 ? listing.stdout.split('\n') : []).flatMap((file) => {
    const m = NATIVE.exec(file.trim());
    return m ? [{ selector: m[1]!, path: `${dir}/${file.trim()}` }] : [];
  });
  const pems = await Promise.all(native.map((k) => remote.readFile(k.path)));
  const keys: ServerDkimKey[] = [];
  native.forEach((k, i) => {
    const pem = pems[i];
    if (pem) keys.push({ selector: k.selector, mode: 'native', path: k.path, publicKey: publicFromPrivate(pem, k.path) });
  });
  const selector = fileContent(selectorFile!, `${dir}/dkim_selector`)?.trim();
  const hookKey = fileContent(hookPem!, hookPath);
  if (selector && SELECTOR.test(selector) && hookKey) {
    keys.push({ selector, mode: 'hook', path: hookPath, publicKey: publicFromPrivate(Buffer.from(hookKey), hookPath) });
  }
  return keys;
}

// The probes below return, never exit (probes-in-one.ts); the listing, the
// selector and the key are read by bash builtins, an ls and two cats fewer
// on the server. A PEM key is text: a NUL byte would make it unreadable
// either way (publicFromPrivate says so).
const MISSING = 100;
/** Prints the text file, or returns MISSING when there is none (as Remote.readFile tells the two apart). */
const readTextIfThere = (path: string) => sh`test -e ${path} || return ${MISSING}; ${printText(path)}`;
/** The names in `dir`, one per line, as `ls -1` prints them (none when it is missing or empty). */
const listNames = (dir: string) => sh`for f in ${dir}/*; do [ -e "$f" ] || [ -L "$f" ] || continue; printf '%s\n' "\${f##*/}"; done`;

/** A file read by readTextIfThere: its text, or null when missing; any other failure throws, as readFile does. */
function fileContent(read: ProbeOutput, path: string): string | null {
  if (read.code === MISSING) return null;
  if (read.code !== 0) throw new Error(`cannot read ${path} on the server (exit ${read.code})`);
  return read.stdout;
}

function publicFromPrivate(pem: Buffer, path: string): KeyObject {
  try {
    return createPublicKey(createPrivateKey(pem));
  } catch (err) {
    throw new Error(`${path} is not a readable private key: ${(err as Error).message}`);
  }
}

/** The p= value of a DKIM record as a key: SPKI (the norm), PKCS#1 (some tools), raw Ed25519 (RFC 8463). */
export function publicFromRecord(p: string, keyType: string): KeyObject {
  const der = Buffer.from(p.replace(/\s+/g, ''), 'base64');
  if (keyType === 'ed25519') {
    // SPKI prefix of an Ed25519 key, followed by its raw 32 bytes.
    const prefix = Buffer.from('302a300506032b6570032100', 'hex');
    return createPublicKey({ key: Buffer.concat([prefix, der]), format: 'der', type: 'spki' });
  }
  try {
    return createPublicKey({ key: der, format: 'der', type: 'spki' });
  } catch {
    return createPublicKey({ key: der, format: 'der', type: 'pkcs1' });
  }
}

export const sameKey = (a: KeyObject, b: KeyObject): boolean =>
  a.export({ format: 'der', type: 'spki' }).equals(b.export({ format: 'der', type: 'spki' }));
