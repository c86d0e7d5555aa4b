// A stand-in for Cloudflare's API v4 (zones, DNS records), written from its
// public documentation and the official SDK's types (`cloudflare` 7.3, the
// client mailsetup uses): exactly the endpoints the cloudflare provider
// calls. Bearer token; every body is the v4 envelope `{success, errors,
// messages, result, result_info}`; lists paginate by `page` and end with an
// empty page; names are fully qualified.
import { pageOf, startStandIn, type StandIn, type StandInState, type StoredRecord } from './core.js';

const envelope = (result: unknown, resultInfo?: unknown) => ({ success: true, errors: [], messages: [], result, ...(resultInfo ? { result_info: resultInfo } : {}) });
const shown = (r: StoredRecord) => ({ id: r.id, name: r.name, type: r.type, content: r.value, ttl: r.ttl, proxied: false, ...(r.priority !== undefined ? { priority: r.priority } : {}), settings: {}, meta: {}, comment: null, tags: [], created_on: '2026-01-01T00:00:00Z', modified_on: '2026-01-01T00:00:00Z', proxiable: false });

export function startCloudflareStandIn(token: string, zones: string[]): Promise<StandIn> {
  return startStandIn(
    {
      authorized: (h, t) => h.authorization === `Bearer ${t}`,
      error: (status, message) => ({ success: false, errors: [{ code: status === 401 ? 10000 : status === 403 ? 10000 : status === 429 ? 971 : 1000, message }], messages: [], result: null }),
      handle(state: StandInState, method, url, body) {
        const page = Number(url.searchParams.get('page') ?? 1);
        if (method === 'GET' && url.pathname === '/zones') {
          const name = url.searchParams.get('name');
          const found = state.zones.filter((z) => !name || z.name === name).map((z) => ({ id: z.id, name: z.name, status: 'active' }));
          const { items, pages } = pageOf(found, page, state.pageSize);
          return { status: 200, body: envelope(page <= pages ? items : [], { page, per_page: state.pageSize, count: items.length, total_count: found.length, total_pages: pages }) };
        }
        const rec = /^\/zones\/([^/]+)\/dns_records(?:\/([^/]+))?$/.exec(url.pathname);
        if (!rec) return undefined;
        const zone = state.zones.find((z) => z.id === rec[1]);
        if (!zone) return { status: 404, body: { success: false, errors: [{ code: 7003, message: 'Could not route to /zones/..., perhaps your object identifier is invalid?' }], messages: [], result: null } };
        if (method === 'GET' && !rec[2]) {
          const type = url.searchParams.get('type');
          const name = url.searchParams.get('name.exact');
          const all = state.records.filter((r) => r.zone === zone.id && (!type || r.type === type) && (!name || r.name === name));
          const { items, pages } = pageOf(all, page, state.pageSize);
          return { status: 200, body: envelope(page <= pages ? items.map(shown) : [], { page, per_page: state.pageSize, count: items.length, total_count: all.length, total_pages: pages }) };
        }
        if (method === 'POST' && !rec[2]) {
          const b = body as { type: string; name: string; content: string; ttl?: number; priority?: number };
          if (b.type === 'TXT' && b.content.length > 2048) return { status: 400, body: { success: false, errors: [{ code: 9100, message: 'content: TXT content is longer than 2048 characters' }], messages: [], result: null } };
          if (state.records.some((r) => r.zone === zone.id && r.type === b.type && r.name === b.name && r.value === b.content)) {
            return { status: 400, body: { success: false, errors: [{ code: 81058, message: 'An identical record already exists.' }], messages: [], result: null } };
          }
          const record: StoredRecord = { id: state.nextId(), zone: zone.id, name: b.name, type: b.type, value: b.content, priority: b.priority, ttl: b.ttl ?? 1 };
          state.records.push(record);
          return { status: 200, body: envelope(shown(record)) };
        }
        if (method === 'DELETE' && rec[2]) {
          const at = state.records.findIndex((r) => r.id === rec[2] && r.zone === zone.id);
          if (at < 0) return { status: 404, body: { success: false, errors: [{ code: 81044, message: 'Record does not exist.' }], messages: [], result: null } };
          state.records.splice(at, 1);
          return { status: 200, body: envelope({ id: rec[2] }) };
        }
        return undefined;
      },
    },
    token,
    zones,
  );
}
