// The shared core of the provider-API stand-ins: a local HTTP server on
// 127.0.0.1 holding zones and records, with the faults the tests switch on
// (a refused token, rate limits with Retry-After, a write that fails after
// N successful ones). Each stand-in (cloudflare.ts, hetzner.ts,
// digitalocean.ts) implements exactly the endpoints mailsetup uses, written
// from the provider's public API documentation; any other request is
// answered 404 and recorded in `unexpected`, so a test sees it.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface StoredRecord {
  id: string;
  zone: string;
  /** Fully qualified, no final dot. */
  name: string;
  type: string;
  /** As the provider's API holds it (its own content/value/data form). */
  value: string;
  priority?: number;
  ttl: number;
}

export interface Faults {
  /** Answer every request with this status (401, 403) and the provider's error body. */
  authStatus?: 401 | 403;
  /** Answer this many requests with 429 and Retry-After before serving again (Infinity: always). */
  rateLimited?: number;
  retryAfterSeconds?: number;
  /** Let this many writes (POST/DELETE) succeed, then fail every later one with 500. */
  writesBeforeFailure?: number;
}

export interface Reply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export interface StandInState {
  zones: { id: string; name: string }[];
  records: StoredRecord[];
  faults: Faults;
  /** Every request: method and path with query. */
  requests: string[];
  unexpected: string[];
  /** Page size of list endpoints: small, so paginated lists are really paginated. */
  pageSize: number;
  nextId(): string;
  writes: number;
}

export type Handler = (state: StandInState, method: string, url: URL, body: unknown, headers: IncomingMessage['headers']) => Reply | undefined;

export interface StandIn {
  url: string;
  state: StandInState;
  stop(): Promise<void>;
}

export interface StandInSpec {
  /** True when the request carries the token the stand-in was made with. */
  authorized(headers: IncomingMessage['headers'], token: string): boolean;
  /** The provider's error body for a status and message. */
  error(status: number, message: string): unknown;
  handle: Handler;
}

export async function startStandIn(spec: StandInSpec, token: string, zones: string[]): Promise<StandIn> {
  let counter = 1000;
  const state: StandInState = {
    zones: zones.map((name, i) => ({ id: `zone${i + 1}`, name })),
    records: [],
    faults: {},
    requests: [],
    unexpected: [],
    pageSize: 2,
    nextId: () => String(++counter),
    writes: 0,
  };
  const send = (res: ServerResponse, reply: Reply) => {
    res.writeHead(reply.status, { 'Content-Type': 'application/json', ...(reply.headers ?? {}) });
    res.end(reply.body === undefined ? '' : JSON.stringify(reply.body));
  };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://stand-in');
      const method = req.method ?? 'GET';
      state.requests.push(`${method} ${url.pathname}${url.search}`);
      const f = state.faults;
      if (f.authStatus) return send(res, { status: f.authStatus, body: spec.error(f.authStatus, f.authStatus === 401 ? 'Invalid authentication credentials' : 'Forbidden: the token lacks the permission') });
      if (!spec.authorized(req.headers, token)) return send(res, { status: 401, body: spec.error(401, 'Invalid authentication credentials') });
      if ((f.rateLimited ?? 0) > 0) {
        f.rateLimited! -= 1;
        return send(res, { status: 429, body: spec.error(429, 'Rate limit exceeded'), headers: { 'Retry-After': String(f.retryAfterSeconds ?? 1) } });
      }
      const write = method === 'POST' || method === 'DELETE' || method === 'PUT' || method === 'PATCH';
      if (write && f.writesBeforeFailure !== undefined && state.writes >= f.writesBeforeFailure) {
        return send(res, { status: 500, body: spec.error(500, 'Internal server error') });
      }
      let body: unknown;
      try {
        body = chunks.length ? JSON.parse(Buffer.concat(chunks).toString('utf8')) : undefined;
      } catch {
        return send(res, { status: 400, body: spec.error(400, 'malformed JSON') });
      }
      const reply = spec.handle(state, method, url, body, req.headers);
      if (!reply) {
        state.unexpected.push(`${method} ${url.pathname}${url.search}`);
        return send(res, { status: 404, body: spec.error(404, 'no such endpoint in the stand-in') });
      }
      if (write && reply.status < 300) state.writes += 1;
      send(res, reply);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    state,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** One page of `items` (1-based page), with the number of pages. */
export function pageOf<T>(items: T[], page: number, size: number): { items: T[]; pages: number } {
  return { items: items.slice((page - 1) * size, page * size), pages: Math.max(1, Math.ceil(items.length / size)) };
}
