// Merging mailsetup's server into an existing SPF policy instead of
// overwriting it: the guide's user also sends through Gmail
// (include:_spf.google.com), and dropping that would break their mail.
import { compressIpv6, isIpv4, isIpv6 } from '../ip.js';
import { parseSpf, spfWarnings, type SpfMechanism, type SpfTerm } from './parse.js';

export interface SpfServer {
  ipv4?: string[];
  ipv6?: string[];
  /** Authorize by hostname (`a:host`, one DNS lookup) instead of by address. */
  hostnames?: string[];
}

export interface SpfMerge {
  /** The one v=spf1 record to publish. */
  record: string;
  /** The mechanisms that were added for the server. */
  added: string[];
  /** What happened and what to look at, one line each. */
  notes: string[];
  warnings: string[];
}

/** Canonical key of a mechanism, so `ip6:2001:DB8::1/128` and `ip6:2001:db8:0::1` are one. */
function mechanismKey(m: Pick<SpfMechanism, 'name' | 'value'>): string {
  const value = (m.value ?? '').toLowerCase().replace(/\.$/, '');
  if (m.name === 'ip4' || m.name === 'ip6') {
    const [ip, cidr] = value.split('/');
    const full = m.name === 'ip4' ? '32' : '128';
    const norm = m.name === 'ip6' && ip && isIpv6(ip) ? compressIpv6(ip) : ip;
    return `${m.name}:${norm}/${cidr ?? full}`;
  }
  return `${m.name}:${value}`;
}

export function serverMechanisms(server: SpfServer): string[] {
  const out: string[] = [];
  for (const ip of server.ipv4 ?? []) {
    if (!isIpv4(ip)) throw new Error(`not an IPv4 address: ${ip}`);
    out.push(`ip4:${ip}`);
  }
  for (const ip of server.ipv6 ?? []) {
    if (!isIpv6(ip)) throw new Error(`not an IPv6 address: ${ip}`);
    out.push(`ip6:${compressIpv6(ip)}`);
  }
  for (const host of server.hostnames ?? []) out.push(`a:${host.toLowerCase().replace(/\.$/, '')}`);
  return out;
}

/**
 * Merge the server into the SPF records found at the domain (pass every TXT
 * value: non-SPF ones are ignored). Several v=spf1 records are folded into one.
 */
export function mergeSpf(existingTxt: string[], server: SpfServer, defaultAll = '~all'): SpfMerge {
  const existing = existingTxt.filter((t) => /^v=spf1(\s|$)/i.test(t.trim()));
  const wanted = serverMechanisms(server);
  const notes: string[] = [];
  const warnings: string[] = [];
  if (existing.length === 0) {
    notes.push('no SPF record yet: a new one is created');
    return { record: ['v=spf1', ...wanted, defaultAll].join(' '), added: wanted, notes, warnings };
  }
  if (existing.length > 1) {
    warnings.push(`${existing.length} SPF records were published; receivers treat that as an error (permerror). They are merged into one.`);
  }
  // Terms of every existing record, first record's order first, duplicates dropped.
  const terms: SpfTerm[] = [];
  const seen = new Set<string>();
  let all: SpfMechanism | undefined;
  const modifiers = new Map<string, SpfTerm>();
  for (const txt of existing) {
    const parsed = parseSpf(txt);
    warnings.push(...spfWarnings(txt));
    for (const term of parsed.terms) {
      if (term.kind === 'modifier') {
        if (!modifiers.has(term.name)) modifiers.set(term.name, term);
        continue;
      }
      if (term.name === 'all') {
        all ??= term; // the first record's policy for everyone else wins
        continue;
      }
      const key = mechanismKey(term);
      if (seen.has(key)) continue;
      seen.add(key);
      terms.push(term);
    }
  }
  const added = wanted.filter((w) => {
    const m = parseSpf(`v=spf1 ${w}`).terms[0] as SpfMechanism;
    return !seen.has(mechanismKey(m));
  });
  if (added.length === 0) notes.push('the existing SPF record already authorizes the server');
  else notes.push(`kept the existing mechanisms and added ${added.join(' ')}`);
  const redirect = modifiers.get('redirect');
  if (redirect && !all) notes.push(`kept ${redirect.raw}: the server is listed before it, so it is authorized first`);
  if (!all && !redirect) notes.push(`the existing record had no "all": receivers default to neutral; consider ${defaultAll}`);
  // Server mechanisms go after the existing ones and before "all" and the modifiers.
  const parts = ['v=spf1', ...terms.map((t) => t.raw), ...added];
  if (all) parts.push(all.raw);
  parts.push(...[...modifiers.values()].map((m) => m.raw));
  return { record: parts.join(' '), added, notes, warnings: [...new Set(warnings)] };
}
