// A stand-in for DigitalOcean's API v2, Domains and Domain Records
// (https://docs.digitalocean.com/reference/api/digitalocean/#tag/Domain-Records),
// written from its public documentation: exactly the endpoints mailsetup's
// digitalocean provider uses. Bearer token; names relative (`@` the apex);
// MX priority apart from data; lists filtered by type and the full name and
// paginated by links.pages.next; errors are `{"id", "message"}`.
import { pageOf, startStandIn, type StandIn, type StandInState, type StoredRecord } from './core.js';

const relative = (name: string, zone: string) => (name === zone ? '@' : name.slice(0, -(zone.length + 1)));
const absolute = (name: string, zone: string) => (name === '@' ? zone : `${name}.${zone}`);
const shown = (r: StoredRecord, zone: string) => ({ id: Number(r.id), type: r.type, name: relative(r.name, zone), data: r.value, priority: r.priority ?? null, port: null, ttl: r.ttl, weight: null, flags: null, tag: null });
const notFound = { status: 404, body: { id: 'not_found', message: 'The resource you were accessing could not be found.' } };

export function startDigitalOceanStandIn(token: string, zones: string[]): Promise<StandIn> {
  let base = '';
  const started = startStandIn(
    {
      authorized: (h, t) => h.authorization === `Bearer ${t}`,
      error: (status, message) => ({ id: status === 401 ? 'unauthorized' : status === 403 ? 'forbidden' : status === 429 ? 'too_many_requests' : 'server_error', message }),
      handle(state: StandInState, method, url, body) {
        const domain = /^\/v2\/domains\/([^/]+)(\/records(?:\/(\d+))?)?$/.exec(url.pathname);
        if (!domain) return undefined;
        const zone = state.zones.find((z) => z.name === decodeURIComponent(domain[1]!));
        if (!zone) return notFound;
        if (!domain[2]) return method === 'GET' ? { status: 200, body: { domain: { name: zone.name, ttl: 1800, zone_file: '' } } } : undefined;
        if (method === 'GET' && !domain[3]) {
          const page = Number(url.searchParams.get('page') ?? 1);
          const type = url.searchParams.get('type');
          const name = url.searchParams.get('name');
          const all = state.records.filter((r) => r.zone === zone.id && (!type || r.type === type) && (!name || r.name === name));
          const { items, pages } = pageOf(all, page, state.pageSize);
          const next = new URL(url.toString().replace('http://stand-in', base));
          next.searchParams.set('page', String(page + 1));
          return { status: 200, body: { domain_records: items.map((r) => shown(r, zone.name)), links: page < pages ? { pages: { next: next.toString() } } : {}, meta: { total: all.length } } };
        }
        if (method === 'POST' && !domain[3]) {
          const b = body as { type: string; name: string; data: string; priority?: number; ttl?: number };
          if (b.type === 'MX' && typeof b.priority !== 'number') return { status: 422, body: { id: 'unprocessable_entity', message: 'Priority is required for MX records' } };
          const record: StoredRecord = { id: state.nextId(), zone: zone.id, name: absolute(b.name, zone.name), type: b.type, value: b.data, priority: b.priority, ttl: b.ttl ?? 1800 };
          state.records.push(record);
          return { status: 201, body: { domain_record: shown(record, zone.name) } };
        }
        if (method === 'DELETE' && domain[3]) {
          const at = state.records.findIndex((r) => r.id === domain[3] && r.zone === zone.id);
          if (at < 0) return notFound;
          state.records.splice(at, 1);
          return { status: 204 };
        }
        return undefined;
      },
    },
    token,
    zones,
  );
  return started.then((s) => {
    base = s.url;
    return s;
  });
}
