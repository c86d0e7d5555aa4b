// The SPF record for the domain apex: the server merged into whatever SPF
// policy the domain already has.
import { DEFAULT_TTL, fqdn, type DnsRecord } from '../types.js';
import { mergeSpf, type SpfMerge, type SpfServer } from './merge.js';

export function spfRecord(domain: string, server: SpfServer, existingTxt: string[] = [], ttl = DEFAULT_TTL): { record: DnsRecord; merge: SpfMerge } {
  const merge = mergeSpf(existingTxt, server);
  return {
    merge,
    record: { name: fqdn(domain), type: 'TXT', values: [merge.record], ttl, home: 'zone',
      purpose: 'SPF: the servers allowed to send as this domain (existing ones kept)' },
  };
}
