// The digitalocean provider: DigitalOcean's API v2, Domains and Domain
// Records (https://docs.digitalocean.com/reference/api/digitalocean/#tag/Domain-Records),
// token as a Bearer header. Used: GET /domains/{zone}, GET
// /domains/{zone}/records?type=&name= (paginated by links.pages.next), POST
// and DELETE /domains/{zone}/records[/{id}]. Names are relative (`@` for the
// apex); MX takes its priority apart; DigitalOcean splits a long TXT itself.
import { parseMxValue } from '../mx.js';
import { fqdn, type RecordType } from '../types.js';
import { ownerName } from '../render-zone.js';
import { apiRequest, ApiError, DEFAULT_RETRY, type RetryPolicy } from './api/http.js';
import { publishRecordByRecord, type HeldRecord } from './api/per-record.js';
import { renderDiff } from './diff.js';
import { walkZones } from './zone-walk.js';
import type { DnsProvider, RecordChange } from './types.js';

export const DIGITALOCEAN_API = 'https://api.digitalocean.com/v2';

export interface DigitalOceanOptions {
  token: string;
  domain: string;
  /** The API's base URL (a stand-in's in tests). */
  baseUrl?: string;
  retry?: RetryPolicy;
}

interface DoRecord { id: number; type: string; name: string; data: string; priority?: number | null }

const fromData = (type: RecordType, r: DoRecord): string => {
  if (type === 'MX') return `${r.priority ?? 0} ${r.data.replace(/\.$/, '').toLowerCase()}`;
  return type === 'CNAME' || type === 'PTR' ? r.data.replace(/\.$/, '').toLowerCase() : r.data;
};

export function digitaloceanProvider(options: DigitalOceanOptions): DnsProvider {
  const base = (options.baseUrl ?? DIGITALOCEAN_API).replace(/\/+$/, '');
  const headers = { Authorization: `Bearer ${options.token}` };
  const policy = options.retry ?? DEFAULT_RETRY;
  const records = (zone: string) => `${base}/domains/${encodeURIComponent(zone)}/records`;

  const api = {
    findZone: (domain: string): Promise<string> =>
      walkZones(domain, async (name) => {
        await apiRequest({ method: 'GET', url: `${base}/domains/${encodeURIComponent(name)}`, headers }, policy);
        return name;
      }, 'no domain of the account holds'),
    async list(zone: string, name: string, type: RecordType): Promise<HeldRecord[]> {
      const out: HeldRecord[] = [];
      const owner = ownerName(fqdn(name), zone);
      let url: string | undefined = `${records(zone)}?type=${type}&name=${encodeURIComponent(fqdn(name))}&per_page=200`;
      while (url) {
        // Follow only pages of the same API: a link elsewhere would take the token with it.
        if (!url.startsWith(`${base}/`)) throw new ApiError('refused', undefined, 'the next page of records is on another host');
        const { json } = await apiRequest({ method: 'GET', url, headers }, policy);
        const body = json as { domain_records?: DoRecord[]; links?: { pages?: { next?: string } } };
        for (const r of body.domain_records ?? []) if (r.type === type && r.name === owner) out.push({ id: String(r.id), value: fromData(type, r) });
        url = body.links?.pages?.next;
      }
      return out;
    },
    async create(zone: string, name: string, type: RecordType, value: string, ttl: number): Promise<void> {
      const mx = type === 'MX' ? parseMxValue(value) : undefined;
      const data = mx ? `${fqdn(mx.host)}.` : type === 'CNAME' || type === 'PTR' ? `${fqdn(value)}.` : value;
      const body = { type, name: ownerName(fqdn(name), zone), data, ttl, ...(mx ? { priority: mx.priority } : {}) };
      await apiRequest({ method: 'POST', url: records(zone), headers, body }, policy);
    },
    async remove(zone: string, id: string): Promise<void> {
      await apiRequest({ method: 'DELETE', url: `${records(zone)}/${encodeURIComponent(id)}`, headers }, policy);
    },
  };

  return {
    name: 'digitalocean',
    describe: (changes: RecordChange[]) => `DigitalOcean API (${base}), record by record:\n${renderDiff(changes)}`,
    upsert: (changes: RecordChange[]) =>
      publishRecordByRecord('DigitalOcean', api, options.domain, changes, {
        auth: 'create a personal access token with the domain scopes (https://cloud.digitalocean.com/account/api/tokens) and give it as DO_AUTH_TOKEN (lego) or DO_API_KEY (acme.sh)',
        notFound: `add ${fqdn(options.domain)} under Networking → Domains (https://cloud.digitalocean.com/networking/domains), or use the token of the team that holds it`,
      }),
  };
}
