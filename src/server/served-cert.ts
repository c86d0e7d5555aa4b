// Which certificate a TLS service on the server presents right now, asked
// over loopback on the server itself. chasquid and nginx read their
// certificate file only when they start or reload, so the file on disk can
// be newer than what they serve (a hostname change, an interrupted run).
import { X509Certificate } from 'node:crypto';
import { sh } from '../remote/quote.js';
import type { ServerContext } from './context.js';

/** SHA-256 fingerprint (AA:BB:...) of the certificate served on 127.0.0.1:port for the name; undefined when nothing answers. */
export async function servedFingerprint(ctx: ServerContext, port: number, name: string): Promise<string | undefined> {
  const served = await ctx.remote.exec(
    sh`echo | timeout 10 openssl s_client -connect ${`127.0.0.1:${port}`} -servername ${name} 2>/dev/null | openssl x509 -noout -fingerprint -sha256 2>/dev/null`,
    { readOnly: true, allowFailure: true },
  );
  return served.stdout.split('=')[1]?.trim().toUpperCase() || undefined;
}

/** True when the service on the port presents the (first) certificate of `pem`, the content of a certificate file. */
export async function servesCertificate(ctx: ServerContext, port: number, name: string, pem: Buffer | null): Promise<boolean> {
  let expected: string;
  try {
    if (!pem) return false;
    expected = new X509Certificate(pem).fingerprint256.toUpperCase();
  } catch {
    return false;
  }
  return (await servedFingerprint(ctx, port, name)) === expected;
}

/**
 * Waits until the service presents `pem`'s certificate: a reload returns
 * before the new workers answer (nginx's old ones finish their connections
 * first). False when it still does not after `timeoutMs`.
 */
export async function untilServed(ctx: ServerContext, port: number, name: string, pem: Buffer | null, timeoutMs = 10_000): Promise<boolean> {
  const until = Date.now() + timeoutMs;
  while (!(await servesCertificate(ctx, port, name, pem))) {
    if (Date.now() > until) return false;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return true;
}
