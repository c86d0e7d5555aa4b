// Is the certificate chasquid reads already what we want? Read over SFTP and
// parsed here (no openssl needed on the server): it must cover the names,
// match its key, and have more than RENEW_DAYS left.
import { createPrivateKey, X509Certificate } from 'node:crypto';
import { certDir } from './paths.js';
import type { ServerContext } from './context.js';

export const RENEW_DAYS = 30;

/** The domain and its wildcard (guide step 4 in docs/guide-steps.md), plus the hostname when the wildcard does not cover it. */
export function certificateNames(domain: string, hostname: string): string[] {
  const names = [domain, `*.${domain}`];
  const coveredByWildcard = hostname === domain || hostname.split('.').slice(1).join('.') === domain;
  if (!coveredByWildcard) names.push(hostname);
  return names;
}

export function covers(cert: X509Certificate, name: string): boolean {
  const sans = (cert.subjectAltName ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.startsWith('DNS:'))
    .map((s) => s.slice(4).toLowerCase());
  return sans.includes(name.toLowerCase());
}

export interface CertState {
  ok: boolean;
  reason: string;
  cert?: X509Certificate;
}

export function judge(certPem: Buffer | null, keyPem: Buffer | null, names: string[], now = Date.now()): CertState {
  if (!certPem || !keyPem) return { ok: false, reason: 'no certificate yet' };
  let cert: X509Certificate;
  try {
    cert = new X509Certificate(certPem);
  } catch {
    return { ok: false, reason: 'the certificate file cannot be read' };
  }
  const missing = names.filter((n) => !covers(cert, n));
  if (missing.length) return { ok: false, reason: `the certificate does not cover ${missing.join(', ')}`, cert };
  const daysLeft = (Date.parse(cert.validTo) - now) / 86_400_000;
  if (daysLeft < RENEW_DAYS) return { ok: false, reason: `the certificate expires in ${Math.floor(daysLeft)} days`, cert };
  try {
    if (!cert.checkPrivateKey(createPrivateKey(keyPem))) return { ok: false, reason: 'the key does not match the certificate', cert };
  } catch {
    return { ok: false, reason: 'the key file cannot be read', cert };
  }
  return { ok: true, reason: `valid until ${new Date(cert.validTo).toISOString().slice(0, 10)}, covers ${names.join(', ')}`, cert };
}

export async function installedCertificate(ctx: ServerContext & { answers: { domain: string; hostname: string } }): Promise<CertState> {
  const dir = certDir(ctx.answers.hostname);
  // Both in one round trip; a key without its certificate counts for nothing.
  const [cert, key] = await Promise.all([ctx.remote.readFile(`${dir}/fullchain.pem`), ctx.remote.readFile(`${dir}/privkey.pem`)]);
  return judge(cert, cert ? key : null, certificateNames(ctx.answers.domain, ctx.answers.hostname));
}
