// A small reader for ~/.ssh/config: users name their VPS there ("Host mail")
// and expect `mailsetup --host mail` to work like `ssh mail`. Only the
// keywords mailsetup needs are read (HostName, User, Port, IdentityFile);
// like OpenSSH, the first value found for a keyword wins. `Match` blocks and
// `Include` are not followed: a host configured only through them is reached
// by giving its address instead.
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

export interface SshHostConfig {
  hostName?: string;
  user?: string;
  port?: number;
  identityFiles: string[];
}

interface Block {
  patterns: string[] | null; // null: a Match block, never applied
  settings: Array<[string, string]>;
}

function splitLine(line: string): [string, string] | null {
  const match = /^\s*([A-Za-z]+)\s*(?:=\s*|\s+)(.*?)\s*$/.exec(line);
  if (!match) return null;
  let value = match[2] ?? '';
  if (value.startsWith('"') && value.endsWith('"') && value.length >= 2) value = value.slice(1, -1);
  return [match[1]!.toLowerCase(), value];
}

function parseBlocks(text: string): Block[] {
  const blocks: Block[] = [{ patterns: ['*'], settings: [] }];
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const kv = splitLine(line);
    if (!kv) continue;
    const [key, value] = kv;
    if (key === 'host') blocks.push({ patterns: value.split(/\s+/).map((p) => p.replace(/^"|"$/g, '')), settings: [] });
    else if (key === 'match') blocks.push({ patterns: null, settings: [] });
    else blocks[blocks.length - 1]!.settings.push([key, value]);
  }
  return blocks;
}

function patternMatches(pattern: string, name: string): boolean {
  const body = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${body}$`, 'i').test(name);
}

function blockApplies(patterns: string[], alias: string): boolean {
  let matched = false;
  for (const p of patterns) {
    if (p.startsWith('!')) {
      if (patternMatches(p.slice(1), alias)) return false;
    } else if (patternMatches(p, alias)) matched = true;
  }
  return matched;
}

function expandPath(value: string, home: string, vars: { host: string; user: string }): string {
  const tokens: Record<string, string> = { '%': '%', d: home, h: vars.host, u: vars.user, r: vars.user };
  const expanded = value.replace(/%([%dhur])/g, (_, t: string) => tokens[t] ?? '');
  return expanded === '~' ? home : expanded.startsWith('~/') ? join(home, expanded.slice(2)) : expanded;
}

/** What ~/.ssh/config says about `alias` (empty when nothing, or no file). */
export function parseSshConfig(text: string, alias: string, home = homedir()): SshHostConfig {
  const found: SshHostConfig = { identityFiles: [] };
  const rawIdentities: string[] = [];
  for (const block of parseBlocks(text)) {
    if (!block.patterns || !blockApplies(block.patterns, alias)) continue;
    for (const [key, value] of block.settings) {
      if (key === 'hostname' && found.hostName === undefined) found.hostName = value;
      else if (key === 'user' && found.user === undefined) found.user = value;
      else if (key === 'port' && found.port === undefined && /^\d+$/.test(value)) found.port = Number(value);
      else if (key === 'identityfile') rawIdentities.push(value);
    }
  }
  const host = found.hostName ? found.hostName.replace(/%h/g, alias) : alias;
  if (found.hostName) found.hostName = host;
  const user = found.user ?? '';
  found.identityFiles = rawIdentities.map((v) => expandPath(v, home, { host, user }));
  return found;
}

export function readSshConfig(alias: string, path = join(homedir(), '.ssh', 'config'), home = homedir()): SshHostConfig {
  if (!existsSync(path)) return { identityFiles: [] };
  return parseSshConfig(readFileSync(path, 'utf8'), alias, home);
}
