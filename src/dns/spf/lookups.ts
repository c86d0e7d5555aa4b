// SPF evaluation may cost at most 10 DNS lookups (RFC 7208 4.6.4); past that
// receivers return permerror and the whole policy is void. The count is
// recursive (includes of includes), so it is computed by really resolving
// every include and redirect through the given resolver, and the chain that
// spends the lookups is reported so the user can see where they go.
import type { DnsResolver } from '../resolve.js';
import { mechanisms, modifier, parseSpf, spfRecordsOf } from './parse.js';

export const SPF_LOOKUP_LIMIT = 10;

export interface SpfLookupStep {
  /** Running total after this term. */
  count: number;
  /** The domain whose record holds the term. */
  domain: string;
  term: string;
  /** 0 for the domain's own record, 1 for its includes, ... */
  depth: number;
}

export interface SpfLookupReport {
  domain: string;
  count: number;
  limit: number;
  /** Within the 10-lookup limit (problems are reported apart). */
  ok: boolean;
  chain: SpfLookupStep[];
  /** Includes without an SPF record, loops, macros that cannot be followed... */
  problems: string[];
}

const COUNTED = new Set(['include', 'a', 'mx', 'ptr', 'exists']);
// Beyond this the answer is "too many" anyway; stop resolving more.
const HARD_STOP = 40;

export interface CountOptions {
  /** Count this record instead of the one published at the domain (e.g. a merged record before publishing). */
  record?: string;
}

export async function countSpfLookups(domain: string, resolver: DnsResolver, options: CountOptions = {}): Promise<SpfLookupReport> {
  const chain: SpfLookupStep[] = [];
  const problems: string[] = [];
  let count = 0;

  const fetchRecord = async (name: string): Promise<string | undefined> => {
    const spf = spfRecordsOf(await resolver.txt(name));
    if (spf.length === 0) problems.push(`${name} has no SPF record (receivers return permerror for an include of it)`);
    if (spf.length > 1) problems.push(`${name} has ${spf.length} SPF records (permerror)`);
    return spf.length === 1 ? spf[0] : undefined;
  };

  const visit = async (name: string, record: string, depth: number, path: string[]): Promise<void> => {
    const { terms } = parseSpf(record);
    const step = (term: string) => {
      count++;
      chain.push({ count, domain: name, term, depth });
    };
    const follow = async (target: string) => {
      if (target.includes('%')) {
        problems.push(`${name}: "${target}" uses SPF macros, its lookups cannot be counted ahead of time`);
        return;
      }
      const t = target.toLowerCase().replace(/\.$/, '');
      if (path.includes(t)) {
        problems.push(`${name}: include loop back to ${t}`);
        return;
      }
      if (count >= HARD_STOP) return;
      const sub = await fetchRecord(t);
      if (sub) await visit(t, sub, depth + 1, [...path, t]);
    };
    for (const m of mechanisms(terms)) {
      if (!COUNTED.has(m.name)) continue;
      step(m.raw);
      if (m.name === 'include' && m.value) await follow(m.value);
    }
    const redirect = modifier(terms, 'redirect');
    // redirect= only applies (and only costs a lookup) when there is no "all".
    if (redirect && !mechanisms(terms).some((m) => m.name === 'all')) {
      step(redirect.raw);
      await follow(redirect.value);
    }
  };

  const d = domain.toLowerCase().replace(/\.$/, '');
  const own = options.record ?? (await fetchRecord(d));
  if (own) await visit(d, own, 0, [d]);
  return { domain: d, count, limit: SPF_LOOKUP_LIMIT, ok: count <= SPF_LOOKUP_LIMIT, chain, problems };
}

/** One line per counted lookup, indented by include depth; the 11th and later are marked. */
export function formatLookupChain(report: SpfLookupReport): string[] {
  return report.chain.map((s) => {
    const mark = s.count > report.limit ? ' <- over the limit' : '';
    return `${String(s.count).padStart(2)}. ${'  '.repeat(s.depth)}${s.domain}: ${s.term}${mark}`;
  });
}
