// Does a sender's login work, seen from outside like a mail app: STARTTLS
// on 587, then AUTH. This is the proof after `senders add|passwd`; the
// password stays in this process (nodemailer speaks SMTP from here).
import { readFile } from 'node:fs/promises';
import { results } from './result.js';
import type { CheckResult } from './types.js';

export interface AuthProbe {
  /** Where to connect (the server's address) and the name its certificate carries. */
  address: string;
  hostname: string;
  user: string;
  password: string;
  port?: number;
  /** Extra CA (the lab's ACME server). */
  caFile?: string;
  timeoutMs?: number;
}

export type AuthOutcome = { ok: true } | { ok: false; refused: boolean; message: string };

export async function tryAuth(p: AuthProbe): Promise<AuthOutcome> {
  const nodemailer = (await import('nodemailer')).default;
  const ca = p.caFile ? await readFile(p.caFile, 'utf8') : undefined;
  const transport = nodemailer.createTransport({
    host: p.address,
    port: p.port ?? 587,
    secure: false,
    requireTLS: true,
    auth: { user: p.user, pass: p.password },
    tls: { servername: p.hostname, ...(ca ? { ca } : {}) },
    connectionTimeout: p.timeoutMs ?? 15000,
    greetingTimeout: p.timeoutMs ?? 15000,
  });
  try {
    await transport.verify();
    return { ok: true };
  } catch (error) {
    const e = error as Error & { code?: string; responseCode?: number };
    return { ok: false, refused: e.code === 'EAUTH' || (e.responseCode ?? 0) >= 500, message: e.message.replace(p.password, '***') };
  } finally {
    transport.close();
  }
}

export async function authCheck(p: AuthProbe): Promise<CheckResult> {
  const r = results('Senders');
  const id = `senders.auth.${p.user}`;
  const title = `${p.user} can log in on port ${p.port ?? 587}`;
  const got = await tryAuth(p);
  if (got.ok) return r.ok(id, title, 'STARTTLS + AUTH accepted');
  if (got.refused) return r.fail(id, title, got.message, 'mailsetup senders passwd ADDRESS sets a new password');
  return r.warn(id, title, got.message, 'port 587 is not reachable from here: try again from another network, or check the firewall');
}
