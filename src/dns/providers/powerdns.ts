// The powerdns provider: PowerDNS Authoritative's HTTP API
// (https://doc.powerdns.com/authoritative/http-api/zone.html). The zone is
// read once, each changed record set is recomputed from what PowerDNS holds
// (rrset.ts: unrelated values stay), and every change goes in ONE
// `PATCH /zones/{zone}` of REPLACE rrsets, which PowerDNS applies whole or
// not at all. The API key goes in the X-API-Key header of this process.
import { parseMxValue } from '../mx.js';
import { quoteTxtChunk, splitTxt, unquoteTxt } from '../txt.js';
import { fqdn, type RecordType } from '../types.js';
import { apiRequest, ApiError, DEFAULT_RETRY, type RetryPolicy } from './api/http.js';
import { publishFailure } from './api/failure.js';
import { renderDiff } from './diff.js';
import { walkZones } from './zone-walk.js';
import { inZone } from './rfc2136/message.js';
import { alreadyHolds, nextValues } from './rrset.js';
import type { DnsProvider, RecordChange } from './types.js';

export interface PowerDnsOptions {
  /** The webserver's base URL, e.g. http://ns1.example.com:8081 (with or without /api/v1). */
  url: string;
  key: string;
  serverId?: string;
  /** The mail domain; its zone is found by walking up from it. */
  domain: string;
  retry?: RetryPolicy;
}

interface PdnsRrset {
  name: string;
  type: string;
  ttl: number;
  records: { content: string; disabled?: boolean }[];
}

const dotted = (name: string) => `${fqdn(name)}.`;

/** A value as PowerDNS's content field writes it (zone-file presentation). */
export function toContent(type: RecordType, value: string): string {
  switch (type) {
    case 'TXT':
      return splitTxt(value).map(quoteTxtChunk).join(' ');
    case 'MX': {
      const mx = parseMxValue(value);
      return `${mx.priority} ${dotted(mx.host)}`;
    }
    case 'CNAME':
    case 'PTR':
      return dotted(value);
    default:
      return value;
  }
}

/** PowerDNS's content as mailsetup's value (TXT strings joined, names without the final dot). */
export function fromContent(type: RecordType, content: string): string {
  if (type === 'TXT') return unquoteTxt(content).join('');
  if (type === 'MX' || type === 'CNAME' || type === 'PTR') return content.replace(/\.$/, '').toLowerCase();
  return content;
}

export function powerdnsProvider(options: PowerDnsOptions): DnsProvider {
  const base = options.url.replace(/\/+$/, '').replace(/\/api\/v1$/, '');
  const server = options.serverId || 'localhost';
  const api = `${base}/api/v1/servers/${encodeURIComponent(server)}`;
  const headers = { 'X-API-Key': options.key };
  const policy = options.retry ?? DEFAULT_RETRY;
  const fixes = {
    auth: `check the API key (api-key in pdns.conf) and that webserver-allow-from lets this computer in (${base})`,
    notFound: `create the zone of ${fqdn(options.domain)} on the PowerDNS server (pdnsutil create-zone ${fqdn(options.domain)}), or check the server id ("${server}")`,
  };

  /** The zone holding the domain, with its record sets: the domain, then each parent. */
  function findZone(): Promise<{ name: string; rrsets: PdnsRrset[] }> {
    return walkZones(options.domain, async (name) => {
      try {
        const { json } = await apiRequest({ method: 'GET', url: `${api}/zones/${encodeURIComponent(dotted(name))}`, headers }, policy);
        const zone = json as { name: string; rrsets?: PdnsRrset[] };
        return { name: zone.name, rrsets: zone.rrsets ?? [] };
      } catch (e) {
        // PowerDNS answers an unknown zone with 404 (422 in older releases).
        if (e instanceof ApiError && e.status === 422) return undefined;
        throw e;
      }
    }, 'no zone holds');
  }

  return {
    name: 'powerdns',
    describe(changes: RecordChange[]) {
      return `PowerDNS HTTP API at ${base} (server ${server}), one PATCH of the zone holding ${fqdn(options.domain)}:\n${renderDiff(changes)}`;
    },
    async upsert(changes: RecordChange[]) {
      const todo = changes.filter((c) => c.action !== 'keep');
      if (todo.length === 0) return;
      try {
        const zone = await findZone();
        const outside = todo.filter((c) => !inZone(c.record.name, zone.name));
        if (outside.length) throw new Error(`${outside.map((c) => c.record.name).join(', ')} is not inside the zone ${fqdn(zone.name)}: it must be published in its own zone`);
        const rrsets = todo.flatMap((c) => {
          const held = zone.rrsets.find((r) => fqdn(r.name) === fqdn(c.record.name) && r.type === c.record.type);
          const current = (held?.records ?? []).map((r) => fromContent(c.record.type, r.content));
          if (held && alreadyHolds(c, current) && held.ttl === c.record.ttl) return [];
          return [{
            name: dotted(c.record.name),
            type: c.record.type,
            ttl: c.record.ttl,
            changetype: 'REPLACE',
            records: nextValues(c, current).map((v) => ({ content: toContent(c.record.type, v), disabled: false })),
          }];
        });
        if (rrsets.length) await apiRequest({ method: 'PATCH', url: `${api}/zones/${encodeURIComponent(zone.name)}`, headers, body: { rrsets } }, policy);
      } catch (e) {
        // One PATCH: PowerDNS took all of it or none.
        throw publishFailure('PowerDNS', e, [], todo, fixes);
      }
    },
  };
}
