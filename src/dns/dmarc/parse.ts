// DMARC record parsing (RFC 7489 6.3): used to read an existing policy and to
// check what mailsetup built round-trips.

export type DmarcPolicy = 'none' | 'quarantine' | 'reject';
export const DMARC_POLICIES: DmarcPolicy[] = ['none', 'quarantine', 'reject'];

/** fo: 0 = all mechanisms failed to align-pass; 1 = any failed; d = DKIM failed; s = SPF failed. */
export type DmarcFailureOption = '0' | '1' | 'd' | 's';
export const DMARC_FO: DmarcFailureOption[] = ['0', '1', 'd', 's'];

export interface DmarcRecord {
  p: DmarcPolicy;
  sp?: DmarcPolicy;
  adkim?: 'r' | 's';
  aspf?: 'r' | 's';
  pct?: number;
  fo?: DmarcFailureOption[];
  /** Report URIs as written (mailto:...). */
  rua?: string[];
  ruf?: string[];
}

export interface DmarcParse {
  record?: DmarcRecord;
  tags: Map<string, string>;
  problems: string[];
}

export function parseFo(fo: string): DmarcFailureOption[] | undefined {
  const parts = fo.split(':').map((p) => p.trim());
  if (parts.length === 0 || parts.some((p) => !(DMARC_FO as string[]).includes(p))) return undefined;
  return [...new Set(parts)] as DmarcFailureOption[];
}

const policy = (v: string | undefined): DmarcPolicy | undefined =>
  v && (DMARC_POLICIES as string[]).includes(v.toLowerCase()) ? (v.toLowerCase() as DmarcPolicy) : undefined;

export function parseDmarc(text: string): DmarcParse {
  const problems: string[] = [];
  const tags = new Map<string, string>();
  const parts = text.split(';').map((p) => p.trim()).filter(Boolean);
  for (const part of parts) {
    const eq = part.indexOf('=');
    if (eq < 0) { problems.push(`"${part}" is not a tag=value pair`); continue; }
    tags.set(part.slice(0, eq).trim().toLowerCase(), part.slice(eq + 1).trim());
  }
  const first = parts[0]?.replace(/\s+/g, '');
  if (first !== 'v=DMARC1') problems.push('the record must start with v=DMARC1');
  const p = policy(tags.get('p'));
  if (!p) problems.push(tags.has('p') ? `p=${tags.get('p')} is not none, quarantine or reject` : 'the p= tag (policy) is missing');
  const rec: DmarcRecord = { p: p ?? 'none' };
  if (tags.has('sp')) {
    rec.sp = policy(tags.get('sp'));
    if (!rec.sp) problems.push(`sp=${tags.get('sp')} is not none, quarantine or reject`);
  }
  for (const tag of ['adkim', 'aspf'] as const) {
    const v = tags.get(tag)?.toLowerCase();
    if (v === undefined) continue;
    if (v === 'r' || v === 's') rec[tag] = v;
    else problems.push(`${tag}=${v} must be r (relaxed) or s (strict)`);
  }
  if (tags.has('pct')) {
    const pct = Number(tags.get('pct'));
    if (Number.isInteger(pct) && pct >= 0 && pct <= 100) rec.pct = pct;
    else problems.push(`pct=${tags.get('pct')} must be a whole number 0-100`);
  }
  if (tags.has('fo')) {
    rec.fo = parseFo(tags.get('fo')!);
    if (!rec.fo) problems.push(`fo=${tags.get('fo')} must be 0, 1, d or s, combined with ":" (RFC 7489)`);
  }
  for (const tag of ['rua', 'ruf'] as const) {
    if (!tags.has(tag)) continue;
    const uris = tags.get(tag)!.split(',').map((u) => u.trim()).filter(Boolean);
    const bad = uris.filter((u) => !/^(mailto:[^@\s]+@[^@\s]+|https?:\S+)$/i.test(u));
    if (bad.length) problems.push(`${tag} has addresses that are not mailto: URIs: ${bad.join(', ')}`);
    rec[tag] = uris;
  }
  return { record: p ? rec : undefined, tags, problems };
}

/** The domain part of a report URI (`mailto:rua@example.com!10m` -> `example.com`). */
export function reportUriDomain(uri: string): string | undefined {
  const m = /^mailto:[^@]+@([^!,\s]+)/i.exec(uri.trim());
  return m ? m[1]!.toLowerCase().replace(/\.$/, '') : undefined;
}
