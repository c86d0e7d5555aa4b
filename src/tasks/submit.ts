// Sending through the server's submission ports the way a mail app does:
// 465 with implicit TLS, 587 with STARTTLS (required), both with SMTP AUTH.
// The certificate is verified against the hostname; a private ACME CA (the
// lab's Pebble) is trusted beside the system's roots when one is given.
import { readFileSync } from 'node:fs';
import { rootCertificates } from 'node:tls';
import { loadNodemailer } from './late-modules.js';
import type { StepContext } from './types.js';

/** StepContext may carry the CA file of a private ACME server (tests, the lab). */
/** The steps' context; kept as a name for the TLS-using helpers. */
export type TlsContext = StepContext;

export type SubmissionPort = 465 | 587;

export async function transport(ctx: TlsContext, port: SubmissionPort, user: string, pass: string) {
  const nodemailer = await loadNodemailer();
  const ca = ctx.caFile ? [...rootCertificates, readFileSync(ctx.caFile, 'utf8')] : undefined;
  return nodemailer.createTransport({
    host: ctx.answers.host.address,
    port,
    secure: port === 465,
    requireTLS: port === 587,
    auth: { user, pass },
    tls: { servername: ctx.answers.hostname, ...(ca ? { ca } : {}) },
    connectionTimeout: 15_000,
    greetingTimeout: 15_000,
    socketTimeout: 30_000,
  });
}

/** The first sender and its password: the account the test mail goes out as. */
export function testSender(ctx: StepContext): { user: string; pass: string } {
  const user = ctx.answers.senders[0];
  if (!user) throw new Error('no sender to test with: add a sender address (senders) and run mailsetup again');
  const pass = ctx.secrets.senderPasswords[user];
  if (!pass) throw new Error(`no password for ${user}: type it when asked, or give it in the answers file's secrets`);
  return { user, pass };
}

/** Log in on a port without sending: the check a rerun can make without changing anything. */
export async function canLogIn(ctx: TlsContext, port: SubmissionPort): Promise<{ ok: boolean; detail: string }> {
  const { user, pass } = testSender(ctx);
  const t = await transport(ctx, port, user, pass);
  try {
    await t.verify();
    return { ok: true, detail: `${user} logged in on ${port}${port === 587 ? ' after STARTTLS' : ' over TLS'}` };
  } catch (error) {
    return { ok: false, detail: explainSmtpError(error, port) };
  } finally {
    t.close();
  }
}

export function explainSmtpError(error: unknown, port: number): string {
  const e = error as { code?: string; responseCode?: number; message?: string };
  if (e.code === 'EAUTH' || e.responseCode === 535) return `port ${port}: the server refused the sender's password (535): set the password again with mailsetup`;
  if (e.code === 'ESOCKET' && /certificate|self.signed|unable to verify/i.test(e.message ?? '')) return `port ${port}: the TLS certificate is not trusted for the hostname: ${e.message}`;
  if (e.code === 'ETIMEDOUT' || e.code === 'ECONNECTION' || e.code === 'ESOCKET') return `port ${port}: cannot connect (${e.message}); is the port open in the host's firewall?`;
  return `port ${port}: ${e.message ?? String(error)}`;
}
