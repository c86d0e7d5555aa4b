// The hetzner provider: the Hetzner DNS Console API
// (https://dns.hetzner.com/api-docs), token in the Auth-API-Token header.
// Used: GET /zones?name=, GET /records?zone_id=&page= (paginated, no name
// filter), POST /records, DELETE /records/{id}. Names are relative to the
// zone (`@` for the apex); a TXT value longer than 255 bytes is sent as
// quoted strings, as Hetzner's console expects.
import { parseMxValue } from '../mx.js';
import { quoteTxtChunk, splitTxt, unquoteTxt } from '../txt.js';
import { fqdn, type RecordType } from '../types.js';
import { ownerName } from '../render-zone.js';
import { apiRequest, DEFAULT_RETRY, type RetryPolicy } from './api/http.js';
import { publishRecordByRecord, type HeldRecord } from './api/per-record.js';
import { renderDiff } from './diff.js';
import { walkZones } from './zone-walk.js';
import type { DnsProvider, RecordChange } from './types.js';

export const HETZNER_API = 'https://dns.hetzner.com/api/v1';

export interface HetznerOptions {
  token: string;
  domain: string;
  /** The API's base URL (a stand-in's in tests). */
  baseUrl?: string;
  retry?: RetryPolicy;
}

interface Zone { id: string; name: string }
interface HetznerRecord { id: string; type: string; name: string; value: string; ttl?: number }
interface Page { meta?: { pagination?: { page: number; last_page: number } } }

const toValue = (type: RecordType, value: string): string => {
  if (type === 'TXT') return splitTxt(value).map(quoteTxtChunk).join(' ');
  if (type === 'MX') {
    const mx = parseMxValue(value);
    return `${mx.priority} ${fqdn(mx.host)}.`;
  }
  return type === 'CNAME' || type === 'PTR' ? `${fqdn(value)}.` : value;
};

const fromValue = (type: RecordType, value: string): string => {
  if (type === 'TXT') return value.trim().startsWith('"') ? unquoteTxt(value).join('') : value;
  return type === 'MX' || type === 'CNAME' || type === 'PTR' ? value.replace(/\.$/, '').toLowerCase() : value;
};

export function hetznerProvider(options: HetznerOptions): DnsProvider {
  const base = (options.baseUrl ?? HETZNER_API).replace(/\/+$/, '');
  const headers = { 'Auth-API-Token': options.token };
  const policy = options.retry ?? DEFAULT_RETRY;
  const get = async <T>(path: string) => (await apiRequest({ method: 'GET', url: `${base}${path}`, headers }, policy)).json as T;

  const api = {
    findZone: (domain: string): Promise<Zone> =>
      walkZones(domain, async (name) => (await get<{ zones?: Zone[] }>(`/zones?name=${encodeURIComponent(name)}`)).zones?.find((z) => fqdn(z.name) === name), 'no zone of the account holds'),
    async list(zone: Zone, name: string, type: RecordType): Promise<HeldRecord[]> {
      const owner = ownerName(fqdn(name), fqdn(zone.name));
      const out: HeldRecord[] = [];
      for (let page = 1; ; page++) {
        const body = await get<{ records?: HetznerRecord[] } & Page>(`/records?zone_id=${encodeURIComponent(zone.id)}&page=${page}&per_page=100`);
        for (const r of body.records ?? []) if (r.type === type && r.name === owner) out.push({ id: r.id, value: fromValue(type, r.value) });
        const last = body.meta?.pagination?.last_page ?? page;
        if (page >= last || !(body.records ?? []).length) return out;
      }
    },
    async create(zone: Zone, name: string, type: RecordType, value: string, ttl: number): Promise<void> {
      const body = { zone_id: zone.id, type, name: ownerName(fqdn(name), fqdn(zone.name)), value: toValue(type, value), ttl };
      await apiRequest({ method: 'POST', url: `${base}/records`, headers, body }, policy);
    },
    async remove(_zone: Zone, id: string): Promise<void> {
      await apiRequest({ method: 'DELETE', url: `${base}/records/${encodeURIComponent(id)}`, headers }, policy);
    },
  };

  return {
    name: 'hetzner',
    describe: (changes: RecordChange[]) => `Hetzner DNS API (${base}), record by record:\n${renderDiff(changes)}`,
    upsert: (changes: RecordChange[]) =>
      publishRecordByRecord('Hetzner DNS', api, options.domain, changes, {
        auth: 'create an API token in the DNS Console (https://dns.hetzner.com/settings/api-token) and give it as HETZNER_API_KEY (lego) or HETZNER_Token (acme.sh)',
        notFound: `add the zone of ${fqdn(options.domain)} in the DNS Console (https://dns.hetzner.com/), or use the token of the account that holds it`,
      }),
  };
}
