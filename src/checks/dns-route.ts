// The domain's authoritative servers show a record the moment it is
// published, but they answer only for their own zone: PTR names, other
// domains' SPF includes and blocklist zones would be REFUSED there. So
// questions are routed by name; with --resolver one server answers all.
import type { DnsResolver } from '../dns/resolve.js';

const bare = (name: string) => name.trim().replace(/\.$/, '').toLowerCase();

export const isUnder = (name: string, domain: string): boolean => {
  const n = bare(name);
  const d = bare(domain);
  return n === d || n.endsWith(`.${d}`);
};

export function routeResolver(domain: string, own: DnsResolver, other: DnsResolver): DnsResolver {
  if (own === other) return own;
  const pick = (name: string) => (isUnder(name, domain) ? own : other);
  return {
    via: own.via === other.via ? own.via : `${own.via} for ${bare(domain)}, ${other.via} otherwise`,
    txt: (name) => pick(name).txt(name),
    txtChunks: (name) => pick(name).txtChunks(name),
    a: (name) => pick(name).a(name),
    aaaa: (name) => pick(name).aaaa(name),
    mx: (name) => pick(name).mx(name),
    ns: (name) => pick(name).ns(name),
    caa: (name) => pick(name).caa(name),
    // Reverse zones belong to the address's owner, never to the mail domain.
    ptr: (ip) => other.ptr(ip),
    // The DS sits in the parent's zone, and only a recursive resolver validates
    // (sets AD): DNSKEY and DS go there; TLSA to the zone's own servers.
    raw: own.raw && other.raw ? (name, type, opts) => (type === 'TLSA' ? pick(name) : other).raw!(name, type, opts) : undefined,
  };
}
