// The one DNS query layer of mailsetup: checks and steps ask questions
// through it, so "which server answers" (a --resolver, the zone's own
// nameservers, or the system's) is decided in one place.
import { Resolver } from 'node:dns/promises';
import { isIP } from 'node:net';

import { ptrName } from './ip.js';
import { rawQuery, type RawAnswer, type RawOptions, type RawType } from './raw-query.js';
export { ptrName };

export type { RawAnswer, RawType };

export interface MxAnswer {
  exchange: string;
  priority: number;
}

export interface DnsResolver {
  /** Human description of who answers, for messages ("127.0.0.1:5353", "system resolver"). */
  readonly via: string;
  /** TXT records, each record's character-strings joined (as SPF/DKIM/DMARC read them). */
  txt(name: string): Promise<string[]>;
  /** TXT records with their character-strings kept apart (to check 255-byte splitting). */
  txtChunks(name: string): Promise<string[][]>;
  a(name: string): Promise<string[]>;
  aaaa(name: string): Promise<string[]>;
  mx(name: string): Promise<MxAnswer[]>;
  ptr(ip: string): Promise<string[]>;
  ns(name: string): Promise<string[]>;
  /** CAA records; `issue`/`issuewild` hold the CA's domain (and parameters after `;`). */
  caa(name: string): Promise<CaaAnswer[]>;
  /** DNSKEY, DS or TLSA records and the AD bit (raw-query.ts); absent in stand-ins that cannot ask them. */
  raw?(name: string, type: RawType, opts?: RawOptions): Promise<RawAnswer>;
}

export interface CaaAnswer {
  critical: number;
  issue?: string;
  issuewild?: string;
  iodef?: string;
}

export interface ResolverOptions {
  /** `IP`, `IP:port`, `[IPv6]:port`, or several separated by commas. Default: the system's resolvers. */
  server?: string;
  /** Per-try timeout; a check must never hang on a dead server. */
  timeoutMs?: number;
  tries?: number;
}

/** Error for a DNS question that got no usable answer (not NXDOMAIN/NODATA). */
export class DnsQueryError extends Error {
  constructor(
    readonly type: string,
    readonly qname: string,
    readonly code: string,
    via: string,
    /** How many times the question was asked (SERVFAIL is asked again, see RETRIED). */
    readonly attempts = 1,
  ) {
    super(`DNS ${type} query for ${qname} via ${via} failed: ${explainCode(code)}${attempts > 1 ? ` (asked ${attempts} times)` : ''}`);
    this.name = 'DnsQueryError';
  }
}

// c-ares repeats a question that timed out (`tries`), but takes a SERVFAIL
// as final; a server that is reloading a zone or whose upstream hiccuped
// answers SERVFAIL for a moment, so that one is asked again here.
const RETRIED = new Set(['ESERVFAIL']);
const RETRY_PAUSE_MS = 200;

const EMPTY_CODES = new Set(['ENOTFOUND', 'ENODATA']);

function explainCode(code: string): string {
  switch (code) {
    case 'ETIMEOUT':
      return 'no answer in time (timeout): is the DNS server reachable?';
    case 'ECONNREFUSED':
      // c-ares reports both a closed port and a REFUSED answer this way.
      return 'refused (REFUSED answer, or no DNS server listens there): is the server authoritative for this name, or does it allow the query?';
    case 'ESERVFAIL':
      return 'the server answered SERVFAIL (a broken zone or DNSSEC failure)';
    case 'EREFUSED':
      return 'the server REFUSED the query (it is not authoritative and does not recurse for us)';
    case 'EBADRESP':
    case 'EFORMERR':
      return 'malformed answer from the server';
    default:
      return code;
  }
}

/** Normalize one `IP[:port]` server spec into the form Resolver.setServers takes. */
export function normalizeServer(spec: string): string {
  const s = spec.trim();
  if (isIP(s)) return s; // bare IPv4 or IPv6
  const v6 = /^\[([^\]]+)\](?::(\d+))?$/.exec(s);
  if (v6 && isIP(v6[1]!) === 6) return v6[2] ? `[${v6[1]}]:${v6[2]}` : v6[1]!;
  const v4 = /^([^:]+):(\d+)$/.exec(s);
  if (v4 && isIP(v4[1]!) === 4) return s;
  throw new Error(`not a DNS server address: "${spec}" (use IP, IP:port or [IPv6]:port)`);
}

export function createResolver(options: ResolverOptions = {}): DnsResolver {
  const resolver = new Resolver({ timeout: options.timeoutMs ?? 3000, tries: options.tries ?? 2 });
  const servers = options.server ? options.server.split(',').map(normalizeServer) : undefined;
  if (servers) resolver.setServers(servers);
  const via = servers ? servers.join(', ') : 'the system resolver';

  // NXDOMAIN and NODATA both mean "no such record": callers get [] and decide.
  const tries = Math.max(1, options.tries ?? 2);
  const ask = async <T>(type: string, name: string, run: () => Promise<T[]>): Promise<T[]> => {
    for (let attempt = 1; ; attempt++) {
      try {
        return await run();
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code ?? 'EUNKNOWN';
        if (EMPTY_CODES.has(code)) return [];
        if (!RETRIED.has(code) || attempt >= tries) {
          // A timeout is already c-ares's last of `tries` attempts.
          throw new DnsQueryError(type, name, code, via, code === 'ETIMEOUT' ? tries : attempt);
        }
        await new Promise((resolve) => setTimeout(resolve, RETRY_PAUSE_MS * attempt));
      }
    }
  };
  const bare = (name: string) => name.replace(/\.$/, '');

  return {
    via,
    txt: (name) => ask('TXT', name, async () => (await resolver.resolveTxt(bare(name))).map((c) => c.join(''))),
    txtChunks: (name) => ask('TXT', name, () => resolver.resolveTxt(bare(name))),
    a: (name) => ask('A', name, () => resolver.resolve4(bare(name))),
    aaaa: (name) => ask('AAAA', name, () => resolver.resolve6(bare(name))),
    mx: (name) => ask('MX', name, () => resolver.resolveMx(bare(name))),
    // resolvePtr on the reverse name, not reverse(): reverse() reports a dead
    // or refusing server as ENOTFOUND, which would read as "no PTR record".
    ptr: (ip) => ask('PTR', ip, () => resolver.resolvePtr(ptrName(ip))),
    ns: (name) => ask('NS', name, () => resolver.resolveNs(bare(name))),
    caa: (name) => ask('CAA', name, () => resolver.resolveCaa(bare(name))),
    raw: (name, type, raw) => askRaw(servers ?? resolver.getServers(), name, type, options, via, raw),
  };
}

/** One raw question to the first server, with the same retry and errors as `ask`: NXDOMAIN is no records, SERVFAIL is asked again. */
async function askRaw(servers: string[], name: string, type: RawType, options: ResolverOptions, via: string, raw?: RawOptions): Promise<RawAnswer> {
  const tries = Math.max(1, options.tries ?? 2);
  const server = servers[0];
  if (!server) throw new DnsQueryError(type, name, 'no DNS server is configured', via);
  for (let attempt = 1; ; attempt++) {
    let answer: RawAnswer;
    try {
      answer = await rawQuery(server, name, type, (options.timeoutMs ?? 3000) * tries, raw);
    } catch (err) {
      throw new DnsQueryError(type, name, (err as Error).message, via);
    }
    if (answer.rcode === 'NOERROR' || answer.rcode === 'NXDOMAIN') return answer.rcode === 'NOERROR' ? answer : { ...answer, records: [] };
    const code = answer.rcode === 'SERVFAIL' ? 'ESERVFAIL' : answer.rcode === 'REFUSED' ? 'EREFUSED' : answer.rcode;
    if (code !== 'ESERVFAIL' || attempt >= tries) throw new DnsQueryError(type, name, code, via, attempt);
    await new Promise((resolve) => setTimeout(resolve, RETRY_PAUSE_MS * attempt));
  }
}

/**
 * A resolver that asks the zone's own nameservers, so a record just published
 * is seen at once instead of after caches expire. `server` (from --resolver)
 * overrides the discovery. Falls back to the system resolver when the zone's
 * nameservers cannot be found or have no addresses.
 */
export async function authoritativeResolver(domain: string, options: ResolverOptions = {}): Promise<DnsResolver> {
  if (options.server) return createResolver(options);
  const system = createResolver({ timeoutMs: options.timeoutMs, tries: options.tries });
  const nsNames = await findZoneNameservers(domain, system);
  const addresses: string[] = [];
  for (const ns of nsNames) {
    const [v4, v6] = await Promise.all([system.a(ns).catch(() => []), system.aaaa(ns).catch(() => [])]);
    addresses.push(...v4, ...v6);
  }
  if (addresses.length === 0) return system;
  return createResolver({ ...options, server: addresses.join(',') });
}

/** Walks up from `domain` until a name with NS records (the zone apex) is found. */
export async function findZoneNameservers(domain: string, resolver: DnsResolver): Promise<string[]> {
  const labels = domain.replace(/\.$/, '').split('.');
  for (let i = 0; i < labels.length - 1; i++) {
    const ns = await resolver.ns(labels.slice(i).join('.')).catch(() => []);
    if (ns.length > 0) return ns;
  }
  return [];
}
