// One HTTPS GET as a sender fetching an MTA-STS policy makes it (RFC 8461
// 3.3): to an address DNS gave for the name, with SNI and the certificate
// verified against the given roots, no redirect followed, the body capped.
import https from 'node:https';
import { trustContext } from './trust.js';

export interface HttpsAnswer {
  status: number;
  contentType: string;
  body: string;
}

const MAX_BODY = 64 * 1024;

export function httpsGet(address: string, name: string, path: string, ca: string[] | undefined, timeoutMs: number): Promise<HttpsAnswer> {
  return new Promise((resolve, reject) => {
    const req = https.get(trustContext({
      host: address, servername: name, path, headers: { host: name }, ca, rejectUnauthorized: true, timeout: timeoutMs, agent: false,
    }), (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > MAX_BODY) req.destroy(new Error(`the answer is over ${MAX_BODY} bytes`));
        else chunks.push(chunk);
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, contentType: String(res.headers['content-type'] ?? ''), body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(Object.assign(new Error(`no answer within ${timeoutMs} ms`), { code: 'ETIMEDOUT' })));
    req.on('error', reject);
  });
}
