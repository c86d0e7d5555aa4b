// Fault injection in front of the lab's real Pebble (not a mock of ACME):
// an HTTPS proxy that forwards every request to Pebble unchanged, except the
// one kind it is told to refuse (new-order or finalize), which it answers as
// a rate-limited CA does: HTTP 429, an RFC 8555 problem document of type
// urn:ietf:params:acme:error:rateLimited and a Retry-After header. Pebble
// has no switch for rate limits; this is how a test meets one.
//
// It listens on the host side of the lab bridge, so lego on the VPS reaches
// it through the lab network, and its certificate is signed by the lab CA,
// the same CA that signed Pebble's own listener (tls.acmeCaFile, uploaded
// for lego as LEGO_CA_CERTIFICATES). Pebble builds the URLs it hands out
// from the request's Host header, which is forwarded as the client sent it:
// every URL in the directory and the orders points back at this proxy, and
// the URL in each signed request matches what Pebble checks it against.
import https from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFile } from 'node:fs/promises';
import { labConfig } from '../../../src/lab/config.js';
import { ensureServerCert } from '../../../src/lab/secrets.js';
import type { LabInfo } from '../../../src/lab/types.js';

export const RATE_LIMITED = 'urn:ietf:params:acme:error:rateLimited';

export type AcmeFault = 'new-order' | 'finalize';

export interface AcmeFaultProxy {
  /** The directory URL to give the ACME client. */
  directory: string;
  /** When the last refusal said to retry (undefined before the first). */
  retryAt?: Date;
  /** Requests refused with 429, and requests forwarded to Pebble. */
  counts: { refused: number; forwarded: number };
  close(): Promise<void>;
}

export interface AcmeFaultProxyOptions {
  fault: AcmeFault;
  retryAfterSeconds: number;
}

interface Upstream {
  host: string;
  port: number;
  ca: string;
}

function forward(up: Upstream, method: string, path: string, headers: IncomingMessage['headers'], body: Buffer): Promise<{ status: number; headers: IncomingMessage['headers']; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const req = https.request({ host: up.host, port: up.port, method, path, headers, ca: up.ca, timeout: 30_000 }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 502, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error(`${method} ${path}: Pebble did not answer`)));
    req.on('error', reject);
    req.end(body);
  });
}

/** "2026-11-28 14:10:39 UTC", the way Let's Encrypt writes the time in its rate-limit detail. */
const leTime = (d: Date) => `${d.toISOString().slice(0, 19).replace('T', ' ')} UTC`;

export async function startAcmeFaultProxy(info: LabInfo, options: AcmeFaultProxyOptions): Promise<AcmeFaultProxy> {
  const pebble = new URL(info.acme.directory);
  const up: Upstream = { host: pebble.hostname, port: Number(pebble.port || 443), ca: await readFile(info.acme.serverCaFile, 'utf8') };
  const listenHost = pebble.hostname; // the host side of the lab bridge, where Pebble listens too
  const cfg = labConfig({ instance: info.instance, stateDir: info.stateDir });
  const tls = await ensureServerCert(cfg, 'acme-fault-proxy', ['localhost'], [listenHost]);

  const counts = { refused: 0, forwarded: 0 };
  const proxy = { retryAt: undefined as Date | undefined };
  // The paths to refuse: new-order from the directory; finalize from each order Pebble returns.
  const refuse = new Set<string>();
  let noncePath = '';

  const refuseWith429 = async (res: ServerResponse, headers: IncomingMessage['headers']) => {
    counts.refused++;
    const retryAt = new Date(Math.ceil(Date.now() / 1000) * 1000 + options.retryAfterSeconds * 1000);
    proxy.retryAt = retryAt;
    // A real CA sends a fresh nonce with its errors too; Pebble makes it.
    const nonce = noncePath ? await forward(up, 'HEAD', noncePath, { host: headers.host }, Buffer.alloc(0)).catch(() => undefined) : undefined;
    const problem = {
      type: RATE_LIMITED,
      detail: `too many certificates (5) already issued for this exact set of identifiers in the last 168h0m0s, retry after ${leTime(retryAt)}: see https://letsencrypt.org/docs/rate-limits/`,
      status: 429,
    };
    const body = Buffer.from(JSON.stringify(problem));
    res.writeHead(429, {
      'Content-Type': 'application/problem+json',
      'Content-Length': body.length,
      'Retry-After': String(options.retryAfterSeconds),
      ...(nonce?.headers['replay-nonce'] ? { 'Replay-Nonce': String(nonce.headers['replay-nonce']) } : {}),
    });
    res.end(body);
  };

  const server = https.createServer({ cert: await readFile(tls.cert), key: await readFile(tls.key) }, (req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      void (async () => {
        const path = req.url ?? '/';
        if (req.method === 'POST' && refuse.has(new URL(path, 'https://x').pathname)) return refuseWith429(res, req.headers);
        const answer = await forward(up, req.method ?? 'GET', path, req.headers, Buffer.concat(chunks));
        counts.forwarded++;
        learn(answer.body);
        const headers = { ...answer.headers };
        delete headers['transfer-encoding'];
        delete headers.connection;
        headers['content-length'] = String(answer.body.length);
        res.writeHead(answer.status, headers);
        res.end(answer.body);
      })().catch((error: Error) => {
        res.writeHead(502, { 'Content-Type': 'text/plain' });
        res.end(`acme fault proxy: ${error.message}`);
      });
    });
  });

  const learn = (body: Buffer) => {
    let doc: unknown;
    try {
      doc = JSON.parse(body.toString('utf8'));
    } catch {
      return;
    }
    const d = doc as { newOrder?: unknown; newNonce?: unknown; finalize?: unknown };
    if (typeof d.newNonce === 'string') noncePath = new URL(d.newNonce).pathname;
    if (options.fault === 'new-order' && typeof d.newOrder === 'string') refuse.add(new URL(d.newOrder).pathname);
    if (options.fault === 'finalize' && typeof d.finalize === 'string') refuse.add(new URL(d.finalize).pathname);
  };

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, listenHost, resolve);
  });
  const { port } = server.address() as AddressInfo;
  return {
    directory: `https://${listenHost}:${port}${pebble.pathname}`,
    get retryAt() {
      return proxy.retryAt;
    },
    counts,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
