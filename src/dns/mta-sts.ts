// Optional MTA-STS (RFC 8461): tells senders to insist on TLS when they
// deliver to this domain's MX. Only meaningful when the server receives. The
// record names a policy id; the policy itself is a small text file served over
// HTTPS at mta-sts.<domain> (mailsetup serves it from the server, see
// docs/mta-sts.md, or gives the exact file to upload elsewhere).
import { createHash } from 'node:crypto';
import { DEFAULT_TTL, fqdn, type DnsRecord } from './types.js';

export type MtaStsMode = 'none' | 'testing' | 'enforce';

/** How long senders cache the policy: a day while testing (a mistake is forgotten quickly), a week once enforced (RFC 8461 advises weeks). */
export const MTA_STS_MAX_AGE: Record<MtaStsMode, number> = { none: 86400, testing: 86400, enforce: 604800 };
/** RFC 8461 3.2: max_age is at most 31557600 (a year). */
export const MTA_STS_MAX_AGE_LIMIT = 31557600;

export const mtaStsHost = (domain: string): string => `mta-sts.${fqdn(domain)}`;
export const mtaStsPolicyUrl = (domain: string): string => `https://${mtaStsHost(domain)}/.well-known/mta-sts.txt`;

/**
 * The policy id, derived from the policy text: it changes exactly when the
 * policy does (senders then fetch it again), and a rerun with the same policy
 * publishes nothing new.
 */
export const mtaStsId = (policy: string): string => createHash('sha256').update(policy).digest('hex').slice(0, 20);

export function mtaStsRecord(domain: string, id: string, ttl = DEFAULT_TTL): DnsRecord {
  if (!/^[A-Za-z0-9]{1,32}$/.test(id)) throw new Error(`MTA-STS id must be 1-32 letters or digits, got "${id}"`);
  return { name: `_mta-sts.${fqdn(domain)}`, type: 'TXT', values: [`v=STSv1; id=${id}`], ttl, home: 'zone', optional: true,
    purpose: `MTA-STS: senders must use TLS; policy at ${mtaStsPolicyUrl(domain)}` };
}

export function mtaStsPolicy(mxHosts: string[], mode: MtaStsMode = 'testing', maxAgeSeconds = MTA_STS_MAX_AGE[mode]): string {
  const lines = ['version: STSv1', `mode: ${mode}`, ...mxHosts.map((mx) => `mx: ${fqdn(mx)}`), `max_age: ${maxAgeSeconds}`];
  // RFC 8461 3.2: lines end with CRLF.
  return lines.join('\r\n') + '\r\n';
}

export interface ParsedMtaStsPolicy {
  mode?: string;
  mx: string[];
  /** NaN when the line is missing or not a number. */
  maxAge: number;
  /** What makes the file unusable to a sender (RFC 8461 3.2), one phrase each. */
  problems: string[];
}

export function parseMtaStsPolicy(text: string): ParsedMtaStsPolicy {
  const fields = new Map<string, string[]>();
  for (const line of text.split(/\r?\n/)) {
    const m = /^([A-Za-z0-9_]+):[ \t]*(.*?)[ \t]*$/.exec(line);
    if (m) fields.set(m[1]!, [...(fields.get(m[1]!) ?? []), m[2]!]);
  }
  const one = (k: string) => fields.get(k)?.[0];
  const problems: string[] = [];
  if (one('version') !== 'STSv1') problems.push(`version is ${one('version') ?? 'missing'}, not STSv1`);
  const mode = one('mode');
  if (!mode || !['none', 'testing', 'enforce'].includes(mode)) problems.push(`mode is ${mode ?? 'missing'} (none, testing or enforce)`);
  const ageText = one('max_age');
  const maxAge = ageText !== undefined && /^\d{1,10}$/.test(ageText) ? Number(ageText) : NaN;
  if (Number.isNaN(maxAge)) problems.push(`max_age is ${ageText ?? 'missing'}, not a number of seconds`);
  const mx = (fields.get('mx') ?? []).map(fqdn);
  if (mode !== 'none' && mx.length === 0) problems.push('no mx line');
  return { mode, mx, maxAge, problems };
}

/** The id of a `v=STSv1; id=...` record, or undefined when the text is not one. */
export function parseMtaStsRecord(txt: string): { id?: string; problem?: string } {
  const tags = new Map(txt.split(';').map((t) => t.trim()).filter(Boolean).map((t) => [t.split('=')[0]!.trim(), t.slice(t.indexOf('=') + 1).trim()] as const));
  if (tags.get('v') !== 'STSv1' || !txt.trim().startsWith('v=STSv1')) return { problem: 'does not start with v=STSv1' };
  const id = tags.get('id');
  if (!id || !/^[A-Za-z0-9]{1,32}$/.test(id)) return { problem: `id=${id ?? ''} is not 1-32 letters or digits` };
  return { id };
}

/** RFC 8461 4.1: an mx pattern matches the host itself, or `*.` matches exactly one leftmost label. */
export function mxPatternMatches(pattern: string, host: string): boolean {
  const p = fqdn(pattern);
  const h = fqdn(host);
  if (!p.startsWith('*.')) return p === h;
  const dot = h.indexOf('.');
  return dot > 0 && h.slice(dot + 1) === p.slice(2);
}
