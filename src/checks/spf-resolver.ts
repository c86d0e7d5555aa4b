// mailauth's SPF evaluator asks DNS through a `(name, type)` function shaped
// like node's dns.resolve. This binds it to mailsetup's resolver, so SPF is
// evaluated against the same servers as every other check (the domain's
// authoritative ones or --resolver), not the system's cache.
import type { SpfResolver } from 'mailauth/lib/spf/index.js';
import { ipFromPtrName } from '../dns/ptr.js';
import type { DnsResolver } from '../dns/resolve.js';

// The evaluator counts void lookups (RFC 7208 4.6.4) from ENODATA errors, so
// an empty answer is turned back into one.
const noData = (name: string, type: string): Error =>
  Object.assign(new Error(`no ${type} record for ${name}`), { code: 'ENODATA' });

export function spfResolver(dns: DnsResolver): SpfResolver {
  return async (name, type) => {
    let answer: unknown[];
    switch (type) {
      case 'TXT': answer = await dns.txtChunks(name); break;
      case 'A': answer = await dns.a(name); break;
      case 'AAAA': answer = await dns.aaaa(name); break;
      case 'MX': answer = await dns.mx(name); break;
      case 'PTR': {
        const ip = ipFromPtrName(name);
        answer = ip ? await dns.ptr(ip) : [];
        break;
      }
      default: throw Object.assign(new Error(`unsupported DNS type ${type}`), { code: 'ENOTIMP' });
    }
    if (answer.length === 0) throw noData(name, type);
    return answer;
  };
}
