// An open relay: a server that takes mail from anyone for any domain is
// found and abused within hours, and its address lands on every blocklist.
// Probed from outside the way a spammer would: port 25, no login, MAIL FROM
// a stranger, RCPT TO a domain this server does not serve. The session
// stops after RCPT (RSET, QUIT): no message is ever sent.
import type { CheckContext } from './context.js';
import { describeError, results } from './result.js';
import { command, connectPlain, type SmtpReply } from './smtp-client.js';
import type { CheckResult } from './types.js';

const r = results('SMTP');

// Reserved names (RFC 2606): no real mailbox is named, and the server serves neither.
export const PROBE_HELO = 'relay-probe.mailsetup.invalid';
export const PROBE_SENDER = 'relay-probe@mailsetup.invalid';
export const PROBE_RECIPIENT = 'relay-probe@example.com';

type Ctx = Pick<CheckContext, 'ips' | 'ports' | 'connectHost' | 'timeoutMs' | 'hostname'>;

const replyText = (reply: SmtpReply) => reply.lines.join(' ').slice(0, 200);

export async function checkOpenRelay(ctx: Ctx): Promise<CheckResult[]> {
  const hosts = ctx.connectHost ? [ctx.connectHost] : [...ctx.ips.v4, ...ctx.ips.v6];
  if (hosts.length === 0) return [r.skip('relay.unauthenticated', 'Not an open relay', 'no server address is known')];
  return Promise.all(hosts.map((host) => probe(ctx, host)));
}

async function probe(ctx: Ctx, host: string): Promise<CheckResult> {
  const id = `relay.unauthenticated.${host}`;
  const title = `${host} refuses to relay for strangers (RCPT TO ${PROBE_RECIPIENT} without login)`;
  const couldNot = (what: string) => r.warn(id, title, `could not probe: ${what}`,
    `Make port ${ctx.ports.smtp} of ${host} reachable from here, then run mailsetup --check again (see Ports).`);
  let conn;
  try {
    conn = await connectPlain(host, ctx.ports.smtp, ctx.timeoutMs);
  } catch (err) {
    return couldNot(describeError(err));
  }
  try {
    const { socket } = conn;
    if (conn.greeting.code !== 220) return couldNot(`greeting ${replyText(conn.greeting)}`);
    const ehlo = await command(socket, `EHLO ${PROBE_HELO}`, ctx.timeoutMs);
    if (ehlo.code !== 250) return couldNot(`EHLO answered ${replyText(ehlo)}`);
    const mail = await command(socket, `MAIL FROM:<${PROBE_SENDER}>`, ctx.timeoutMs);
    // A server refusing strangers' mail at MAIL FROM relays for nobody either.
    if (mail.code >= 500) return r.ok(id, title, `MAIL FROM refused: ${replyText(mail)}`);
    if (mail.code !== 250) return couldNot(`MAIL FROM answered ${replyText(mail)}`);
    const rcpt = await command(socket, `RCPT TO:<${PROBE_RECIPIENT}>`, ctx.timeoutMs);
    await command(socket, 'RSET', ctx.timeoutMs).catch(() => undefined);
    if (rcpt.code >= 200 && rcpt.code < 300) {
      return r.fail(id, title,
        `OPEN RELAY: ${host} accepted mail for ${PROBE_RECIPIENT} from a stranger without login (${replyText(rcpt)}); spammers will use it within hours`,
        `Stop the mail server on ${host} now (systemctl stop chasquid, or whatever listens on port ${ctx.ports.smtp}) until it relays only for logged-in senders and its own domains.`);
    }
    if (rcpt.code >= 500) return r.ok(id, title, `refused: ${replyText(rcpt)}`);
    return r.warn(id, title, `deferred, not refused: ${replyText(rcpt)}`,
      `Run mailsetup --check again in a few minutes: a server that defers a stranger's relay attempt may accept it later.`);
  } catch (err) {
    return couldNot(describeError(err));
  } finally {
    conn.close();
  }
}
