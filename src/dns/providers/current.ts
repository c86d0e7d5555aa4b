// Reads what DNS currently holds for the names and types mailsetup wants, so
// planChanges can diff against it. Ask the authoritative servers (see
// authoritativeResolver): caches would show a stale picture.
import { caaAnswerValue } from '../caa.js';
import { ipFromPtrName } from '../ptr.js';
import type { TlsaData } from '../raw-query.js';
import { tlsaText } from '../tlsa.js';
import type { DnsResolver } from '../resolve.js';
import type { DnsRecord, ExistingRecord } from '../types.js';

export async function readRecord(resolver: DnsResolver, name: string, type: DnsRecord['type']): Promise<ExistingRecord> {
  switch (type) {
    case 'A':
      return { name, type, values: await resolver.a(name) };
    case 'AAAA':
      return { name, type, values: await resolver.aaaa(name) };
    case 'MX':
      return { name, type, values: (await resolver.mx(name)).map((m) => `${m.priority} ${m.exchange.toLowerCase().replace(/\.$/, '')}`) };
    case 'TXT': {
      const chunks = await resolver.txtChunks(name);
      return { name, type, values: chunks.map((c) => c.join('')), txtChunks: chunks };
    }
    case 'PTR': {
      const ip = ipFromPtrName(name);
      return { name, type, values: ip ? await resolver.ptr(ip) : [] };
    }
    case 'TLSA':
      return { name, type, values: resolver.raw ? (await resolver.raw(name, 'TLSA')).records.map((r) => tlsaText(r as TlsaData)) : [] };
    case 'CAA':
      return { name, type, values: (await resolver.caa(name)).map(caaAnswerValue) };
    default:
      return { name, type, values: [] };
  }
}

export async function readCurrent(records: DnsRecord[], resolver: DnsResolver): Promise<ExistingRecord[]> {
  // Only the zone's own records are planned (planChanges); the zone's servers
  // refuse questions about reverse zones and other domains, so none are asked.
  const inZone = records.filter((r) => r.home === 'zone');
  const keys = [...new Map(inZone.map((r) => [`${r.name} ${r.type}`, r])).values()];
  return Promise.all(keys.map((r) => readRecord(resolver, r.name, r.type)));
}
