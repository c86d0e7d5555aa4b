// One answer per question in a --check run. Families ask the same names
// (the host's A and AAAA for the addresses, the rDNS and the blocklists; the
// domain's TXT for SPF and DMARC's neighbours): 27 questions a run on the
// lab, 20 of them different. Each is asked once; TXT asked as joined
// strings is the same question as TXT asked as character-strings, so it is
// answered from that. Every caller gets its own copy of the answer.
import type { DnsResolver } from '../dns/resolve.js';

/**
 * A deep copy of an answer. Not structuredClone: it turns a Buffer (a raw
 * record's data, a TLSA digest) into a bare Uint8Array, whose toString() is
 * a list of numbers instead of the Buffer's hex.
 */
function copy<T>(value: T): T {
  if (Buffer.isBuffer(value)) return Buffer.from(value) as T;
  if (Array.isArray(value)) return value.map(copy) as T;
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, copy(v)])) as T;
  return value;
}

export function askOnce(dns: DnsResolver): DnsResolver {
  const asked = new Map<string, Promise<unknown>>();
  const once = <T>(key: string, ask: () => Promise<T>): Promise<T> => {
    let answer = asked.get(key) as Promise<T> | undefined;
    if (!answer) asked.set(key, (answer = ask()));
    return answer.then(copy);
  };
  const txtChunks = (name: string) => once(`TXT ${name}`, () => dns.txtChunks(name));
  return {
    via: dns.via,
    txtChunks,
    txt: (name) => txtChunks(name).then((records) => records.map((r) => r.join(''))),
    a: (name) => once(`A ${name}`, () => dns.a(name)),
    aaaa: (name) => once(`AAAA ${name}`, () => dns.aaaa(name)),
    mx: (name) => once(`MX ${name}`, () => dns.mx(name)),
    ptr: (ip) => once(`PTR ${ip}`, () => dns.ptr(ip)),
    ns: (name) => once(`NS ${name}`, () => dns.ns(name)),
    caa: (name) => once(`CAA ${name}`, () => dns.caa(name)),
    raw: dns.raw ? (name, type, opts) => once(`${type} ${name} ${JSON.stringify(opts ?? {})}`, () => dns.raw!(name, type, opts)) : undefined,
  };
}
