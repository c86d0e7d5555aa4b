// A stand-in for the Hetzner DNS Console API (https://dns.hetzner.com/api-docs),
// written from its public documentation: exactly the endpoints mailsetup's
// hetzner provider uses. Names are relative to the zone (`@` the apex);
// the token comes in the Auth-API-Token header; errors are
// `{"error": {"message", "code"}}`.
import { pageOf, startStandIn, type StandIn, type StandInState, type StoredRecord } from './core.js';

const relative = (name: string, zone: string) => (name === zone ? '@' : name.slice(0, -(zone.length + 1)));
const absolute = (name: string, zone: string) => (name === '@' ? zone : `${name}.${zone}`);
const shown = (r: StoredRecord, zone: string) => ({ id: r.id, zone_id: r.zone, type: r.type, name: relative(r.name, zone), value: r.value, ttl: r.ttl });

export function startHetznerStandIn(token: string, zones: string[]): Promise<StandIn> {
  return startStandIn(
    {
      authorized: (h, t) => h['auth-api-token'] === t,
      error: (status, message) => ({ error: { message, code: status } }),
      handle(state: StandInState, method, url, body) {
        const path = url.pathname;
        if (method === 'GET' && path === '/api/v1/zones') {
          const zone = state.zones.find((z) => z.name === url.searchParams.get('name'));
          if (!zone) return { status: 404, body: { error: { message: 'zone not found', code: 404 } } };
          return { status: 200, body: { zones: [{ id: zone.id, name: zone.name, ttl: 86400 }], meta: { pagination: { page: 1, per_page: 100, last_page: 1, total_entries: 1 } } } };
        }
        if (method === 'GET' && path === '/api/v1/records') {
          const zone = state.zones.find((z) => z.id === url.searchParams.get('zone_id'));
          if (!zone) return { status: 404, body: { error: { message: 'zone not found', code: 404 } } };
          const page = Number(url.searchParams.get('page') ?? 1);
          const { items, pages } = pageOf(state.records.filter((r) => r.zone === zone.id), page, state.pageSize);
          return { status: 200, body: { records: items.map((r) => shown(r, zone.name)), meta: { pagination: { page, per_page: state.pageSize, last_page: pages, total_entries: items.length } } } };
        }
        if (method === 'POST' && path === '/api/v1/records') {
          const b = body as { zone_id: string; type: string; name: string; value: string; ttl?: number };
          const zone = state.zones.find((z) => z.id === b.zone_id);
          if (!zone) return { status: 422, body: { error: { message: 'zone_id: invalid', code: 422 } } };
          if (b.type === 'TXT' && /(^|" )"[^"]{256,}"/.test(b.value)) return { status: 422, body: { error: { message: 'value: a TXT string is longer than 255 characters', code: 422 } } };
          const record: StoredRecord = { id: state.nextId(), zone: zone.id, name: absolute(b.name, zone.name), type: b.type, value: b.value, ttl: b.ttl ?? 86400 };
          state.records.push(record);
          return { status: 200, body: { record: shown(record, zone.name) } };
        }
        const one = /^\/api\/v1\/records\/([^/]+)$/.exec(path);
        if (method === 'DELETE' && one) {
          const at = state.records.findIndex((r) => r.id === one[1]);
          if (at < 0) return { status: 404, body: { error: { message: 'record not found', code: 404 } } };
          state.records.splice(at, 1);
          return { status: 200, body: {} };
        }
        return undefined;
      },
    },
    token,
    zones,
  );
}
