// The cloudflare provider, through Cloudflare's own TypeScript SDK
// (`cloudflare` 7.3: its types are the contract). Used: zones.list({name}),
// dns.records.list({zone_id, type, name: {exact}}) (paginated; the SDK
// follows the pages), dns.records.create and dns.records.delete. The SDK
// waits out a 429 as Retry-After says, a few times; its errors become the
// same ApiError the other providers raise, so every refusal reads alike.
// The SDK is loaded on first use: runs that never publish through
// Cloudflare (and --help, --check) do not pay for its import.
import type Cloudflare from 'cloudflare';
import { parseMxValue } from '../mx.js';
import { fqdn, type RecordType } from '../types.js';
import { serverLine } from '../../remote/server-text.js';
import { ApiError, retryAfterSeconds, type ApiFailure } from './api/http.js';
import { publishRecordByRecord, type HeldRecord } from './api/per-record.js';
import { renderDiff } from './diff.js';
import { walkZones } from './zone-walk.js';
import type { DnsProvider, RecordChange } from './types.js';

export interface CloudflareOptions {
  token: string;
  domain: string;
  /** The API's base URL (a stand-in's in tests); the SDK's default otherwise. */
  baseUrl?: string;
  /** How many times the SDK retries a 429 or a 5xx (default 3). */
  maxRetries?: number;
}

type Sdk = typeof Cloudflare;
let sdkModule: Promise<Sdk> | undefined;
const loadSdk = (): Promise<Sdk> => (sdkModule ??= import('cloudflare').then((m) => m.default));

/** The SDK's error as an ApiError: status, what Cloudflare said (errors[].message), Retry-After. */
export function fromSdkError(Cloudflare: Sdk, e: unknown): unknown {
  if (!(e instanceof Cloudflare.APIError)) return e;
  if (e instanceof Cloudflare.APIConnectionError) return new ApiError('unreachable', undefined, serverLine(e.message, 200));
  const status = e.status ?? 0;
  const failure: ApiFailure = status === 401 || status === 403 ? 'auth' : status === 429 ? 'rate-limit' : status === 404 ? 'not-found' : status >= 500 ? 'server' : 'refused';
  const said = (e.errors ?? []).map((x) => (x as { message?: string }).message ?? '').filter(Boolean).join('; ');
  return new ApiError(failure, status, serverLine(said || e.message, 300), retryAfterSeconds(e.headers?.get('retry-after') ?? null));
}

export function cloudflareProvider(options: CloudflareOptions): DnsProvider {
  let made: Promise<{ Sdk: Sdk; client: Cloudflare }> | undefined;
  const sdkClient = () =>
    (made ??= loadSdk().then((Sdk) => ({ Sdk, client: new Sdk({ apiToken: options.token, ...(options.baseUrl ? { baseURL: options.baseUrl } : {}), maxRetries: options.maxRetries ?? 3 }) })));
  const sdk = async <T>(call: (client: Cloudflare) => Promise<T>): Promise<T> => {
    const { Sdk, client } = await sdkClient();
    try {
      return await call(client);
    } catch (e) {
      throw fromSdkError(Sdk, e);
    }
  };
  const base = options.baseUrl ?? 'https://api.cloudflare.com/client/v4';

  const api = {
    findZone: (domain: string): Promise<string> =>
      walkZones(domain, (name) =>
        sdk(async (client) => {
          for await (const zone of client.zones.list({ name })) if (fqdn(zone.name) === name) return zone.id;
          return undefined;
        }), 'no zone the token can see holds'),
    async list(zone: string, name: string, type: RecordType): Promise<HeldRecord[]> {
      return sdk(async (client) => {
        const out: HeldRecord[] = [];
        for await (const r of client.dns.records.list({ zone_id: zone, type: type as 'A', name: { exact: fqdn(name) } })) {
          if (r.type !== type || fqdn(r.name) !== fqdn(name)) continue;
          const content = r.content ?? '';
          const value = type === 'MX' ? `${(r as { priority?: number }).priority ?? 0} ${fqdn(content)}` : type === 'TXT' && content.startsWith('"') ? content.slice(1, -1).replace(/" "/g, '') : type === 'CNAME' ? fqdn(content) : content;
          out.push({ id: r.id, value });
        }
        return out;
      });
    },
    async create(zone: string, name: string, type: RecordType, value: string, ttl: number): Promise<void> {
      const mx = type === 'MX' ? parseMxValue(value) : undefined;
      await sdk((client) =>
        client.dns.records.create({ zone_id: zone, type, name: fqdn(name), content: mx ? fqdn(mx.host) : value, ttl, ...(mx ? { priority: mx.priority } : {}) } as Cloudflare.DNS.RecordCreateParams),
      );
    },
    async remove(zone: string, id: string): Promise<void> {
      await sdk((client) => client.dns.records.delete(id, { zone_id: zone }));
    },
  };

  return {
    name: 'cloudflare',
    describe: (changes: RecordChange[]) => `Cloudflare API (${base}), record by record:\n${renderDiff(changes)}`,
    upsert: (changes: RecordChange[]) =>
      publishRecordByRecord('Cloudflare', api, options.domain, changes, {
        auth: `create an API token with Zone → DNS → Edit for ${fqdn(options.domain)} (https://dash.cloudflare.com/profile/api-tokens) and give it as CLOUDFLARE_DNS_API_TOKEN (lego) or CF_Token (acme.sh)`,
        notFound: `add ${fqdn(options.domain)} to the Cloudflare account (https://dash.cloudflare.com/), or give the token that zone's DNS → Edit`,
      }),
  };
}
