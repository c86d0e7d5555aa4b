// Reading and writing OpenSSH known_hosts files. mailsetup keeps its own file
// (under its state dir) and also trusts what the user's ~/.ssh/known_hosts
// already says, including hashed (`|1|salt|hash`) entries, so a server the
// user has ssh'd into before is not asked about again.
import { createHmac } from 'node:crypto';
import { appendFileSync, chmodSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';

export interface KnownHostEntry {
  /** The file the entry came from, for messages ("remove line N of FILE"). */
  file: string;
  line: number;
  marker?: '@revoked' | '@cert-authority';
  hosts: string;
  keyType: string;
  key: Buffer;
}

/** How OpenSSH names a host in known_hosts: bare for port 22, else `[host]:port`. */
export function hostToken(host: string, port: number): string {
  return port === 22 ? host : `[${host}]:${port}`;
}

export function parseKnownHosts(text: string, file = 'known_hosts'): KnownHostEntry[] {
  const entries: KnownHostEntry[] = [];
  text.split('\n').forEach((rawLine, index) => {
    const line = rawLine.trim();
    if (line === '' || line.startsWith('#')) return;
    const fields = line.split(/\s+/);
    let marker: KnownHostEntry['marker'];
    if (fields[0] === '@revoked' || fields[0] === '@cert-authority') marker = fields.shift() as KnownHostEntry['marker'];
    const [hosts, type, base64] = fields;
    if (!hosts || !type || !base64) return;
    entries.push({ file, line: index + 1, marker, hosts, keyType: type, key: Buffer.from(base64, 'base64') });
  });
  return entries;
}

function globToRegExp(pattern: string): RegExp {
  const body = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${body}$`, 'i');
}

function hashedMatches(pattern: string, name: string): boolean {
  const [, magic, salt, hash] = pattern.split('|');
  if (magic !== '1' || !salt || !hash) return false;
  const digest = createHmac('sha1', Buffer.from(salt, 'base64')).update(name).digest('base64');
  return digest === hash;
}

/** Does the host field (comma list, wildcards, `!` negation, or a hashed name) name `name`? */
export function hostsFieldMatches(field: string, name: string): boolean {
  if (field.startsWith('|')) return hashedMatches(field, name);
  let matched = false;
  for (const pattern of field.split(',')) {
    const negated = pattern.startsWith('!');
    const glob = negated ? pattern.slice(1) : pattern;
    if (globToRegExp(glob).test(name)) {
      if (negated) return false;
      matched = true;
    }
  }
  return matched;
}

export function readKnownHosts(file: string): KnownHostEntry[] {
  if (!existsSync(file)) return [];
  return parseKnownHosts(readFileSync(file, 'utf8'), file);
}

/** Entries of these files that name the host (as `host` or `[host]:port`). */
export function entriesFor(files: string[], host: string, port: number): KnownHostEntry[] {
  const name = hostToken(host, port);
  return files.flatMap(readKnownHosts).filter((e) => e.marker !== '@cert-authority' && hostsFieldMatches(e.hosts, name));
}

/**
 * Append one entry; the file and its directory are private (0600/0700) like
 * ~/.ssh. The host comes from --host or ~/.ssh/config's HostName: anything
 * but an address or a plain name (a space, a comma, a line break, a glob)
 * would add fields, hosts or lines to the file, so it is refused.
 */
export function recordHostKey(file: string, host: string, port: number, keyType: string, key: Buffer): void {
  if (!/^[A-Za-z0-9._:-]{1,253}$/.test(host) || !/^[a-z0-9@.-]+$/i.test(keyType)) {
    throw new Error(`refusing to record a host key for ${JSON.stringify(host.slice(0, 80))}: not an address or host name`);
  }
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  const existing = existsSync(file) ? readFileSync(file, 'utf8') : '';
  const prefix = existing === '' || existing.endsWith('\n') ? '' : '\n';
  appendFileSync(file, `${prefix}${hostToken(host, port)} ${keyType} ${key.toString('base64')}\n`, { mode: 0o600 });
  chmodSync(file, 0o600);
}
