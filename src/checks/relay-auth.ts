// The other half of the relay rule: a sender who logs in (port 587,
// STARTTLS, AUTH) may send to any domain, or the server is useless for what
// it was set up for. Needs the sender's password, so it runs where one is at
// hand (`mailsetup senders add|passwd`, the lab), not in a plain --check.
// Like the open-relay probe it stops after RCPT: nothing is sent.
import { PROBE_RECIPIENT } from './relay.js';
import { describeError, results } from './result.js';
import { command, connectStartTls, type SmtpReply } from './smtp-client.js';
import { trustedCas } from './trust.js';
import type { AuthProbe } from './smtp-auth.js';
import type { CheckResult } from './types.js';

const r = results('SMTP');

/** Where and as whom: the same as the login check's (smtp-auth.ts). */
export type AuthRelayProbe = AuthProbe;

const replyText = (reply: SmtpReply) => reply.lines.join(' ').slice(0, 200);

export async function checkAuthenticatedRelay(p: AuthRelayProbe): Promise<CheckResult> {
  const port = p.port ?? 587;
  const timeoutMs = p.timeoutMs ?? 15000;
  const id = `relay.authenticated.${p.user}`;
  const title = `${p.user}, logged in on port ${port}, may send to other domains`;
  const hide = (text: string) => text.split(p.password).join('***');
  let conn;
  try {
    conn = await connectStartTls(p.address, port, { servername: p.hostname, ca: await trustedCas(p.caFile) }, timeoutMs, p.hostname);
  } catch (err) {
    return r.warn(id, title, `could not probe: ${hide(describeError(err))}`,
      `Make port ${port} of ${p.address} reachable from here, then try again (see Ports and TLS in mailsetup --check).`);
  }
  try {
    const { socket } = conn;
    const step = async (line: string, want: number, what: string) => {
      const reply = await command(socket, line, timeoutMs);
      if (reply.code !== want) throw Object.assign(new Error(`${what} answered ${replyText(reply)}`), { reply });
      return reply;
    };
    await step(`EHLO ${p.hostname}`, 250, 'EHLO');
    await step(`AUTH PLAIN ${Buffer.from(`\0${p.user}\0${p.password}`).toString('base64')}`, 235, 'AUTH');
    await step(`MAIL FROM:<${p.user}>`, 250, 'MAIL FROM');
    await step(`RCPT TO:<${PROBE_RECIPIENT}>`, 250, `RCPT TO ${PROBE_RECIPIENT}`);
    await command(socket, 'RSET', timeoutMs).catch(() => undefined);
    return r.ok(id, title, `RCPT TO ${PROBE_RECIPIENT} accepted after AUTH`);
  } catch (err) {
    return r.fail(id, title, hide(describeError(err)),
      `Check the password (mailsetup senders passwd ${p.user}) and that chasquid serves the sender's domain (mailsetup domain add).`);
  } finally {
    conn.close();
  }
}
