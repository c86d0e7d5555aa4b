// SPF record parsing (RFC 7208 4.6): terms are kept exactly as written so a
// merge can put an existing record back together without changing it.

export type SpfQualifier = '+' | '-' | '~' | '?';
export type SpfMechanismName = 'all' | 'include' | 'a' | 'mx' | 'ptr' | 'ip4' | 'ip6' | 'exists';

export interface SpfMechanism {
  kind: 'mechanism';
  qualifier: SpfQualifier;
  /** Whether the qualifier was written, so `~all` stays `~all` and `a` stays `a`. */
  explicitQualifier: boolean;
  name: SpfMechanismName;
  /** Text after `:` (domain or address, with any `/cidr`). */
  value?: string;
  raw: string;
}

export interface SpfModifier {
  kind: 'modifier';
  name: string;
  value: string;
  raw: string;
}

export type SpfTerm = SpfMechanism | SpfModifier;

export interface SpfParse {
  terms: SpfTerm[];
  problems: string[];
}

const MECHANISMS = new Set<SpfMechanismName>(['all', 'include', 'a', 'mx', 'ptr', 'ip4', 'ip6', 'exists']);

export const isSpf = (txt: string): boolean => /^v=spf1(\s|$)/i.test(txt.trim());

export function parseSpf(txt: string): SpfParse {
  const problems: string[] = [];
  const words = txt.trim().split(/\s+/);
  if (!isSpf(txt)) return { terms: [], problems: ['not an SPF record (it must start with v=spf1)'] };
  const terms: SpfTerm[] = [];
  for (const raw of words.slice(1)) {
    const modifier = /^([A-Za-z][A-Za-z0-9_.-]*)=(.*)$/.exec(raw);
    if (modifier) {
      terms.push({ kind: 'modifier', name: modifier[1]!.toLowerCase(), value: modifier[2]!, raw });
      continue;
    }
    const m = /^([+\-~?]?)([A-Za-z0-9]+)(?:[:/](.*))?$/.exec(raw);
    const name = m?.[2]?.toLowerCase() as SpfMechanismName | undefined;
    if (!m || !name || !MECHANISMS.has(name)) {
      problems.push(`unknown term "${raw}"`);
      continue;
    }
    const value = raw.includes(':') ? raw.slice(raw.indexOf(':') + 1) : raw.includes('/') ? raw.slice(raw.indexOf('/')) : undefined;
    terms.push({ kind: 'mechanism', qualifier: (m[1] || '+') as SpfQualifier, explicitQualifier: m[1] !== '', name, value, raw });
  }
  return { terms, problems };
}

export const mechanisms = (terms: SpfTerm[]): SpfMechanism[] => terms.filter((t): t is SpfMechanism => t.kind === 'mechanism');
export const modifier = (terms: SpfTerm[], name: string): SpfModifier | undefined =>
  terms.find((t): t is SpfModifier => t.kind === 'modifier' && t.name === name);

/**
 * Problems worth telling the user about an SPF record: policies that let
 * anyone send, deprecated or ignored terms.
 */
export function spfWarnings(txt: string): string[] {
  const { terms, problems } = parseSpf(txt);
  const warnings = [...problems];
  const all = mechanisms(terms).find((m) => m.name === 'all');
  if (all?.qualifier === '+') warnings.push('"+all" lets every server on the internet send as this domain: use ~all or -all');
  if (all?.qualifier === '?') warnings.push('"?all" is neutral: receivers treat unlisted senders as unknown, so it protects nothing; use ~all or -all');
  if (mechanisms(terms).some((m) => m.name === 'ptr')) warnings.push('"ptr" is slow and deprecated (RFC 7208 5.5): list the addresses with ip4:/ip6: instead');
  if (all && modifier(terms, 'redirect')) warnings.push('"redirect=" is ignored because the record has an "all" mechanism');
  const afterAll = all ? mechanisms(terms).slice(mechanisms(terms).indexOf(all) + 1) : [];
  if (afterAll.length) warnings.push(`terms after "all" are never reached: ${afterAll.map((m) => m.raw).join(' ')}`);
  return warnings;
}

/** The SPF records among a name's TXT values; more than one is a permanent error for receivers. */
export const spfRecordsOf = (txts: string[]): string[] => txts.filter(isSpf);
