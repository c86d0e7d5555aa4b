// The name a server gives in its greeting and EHLO reply should be the name
// its address's PTR gives: receivers and blocklists (and internet.nl's mail
// test) compare them, and a mismatch reads like a hijacked or hastily set-up
// host. Seen from outside, on port 25 of each server address.
import { CHASQUID_CONF } from '../server/paths.js';
import type { CheckContext } from './context.js';
import { sameName } from './ip-compare.js';
import { PROBE_HELO } from './relay.js';
import { describeError, results } from './result.js';
import { command, connectPlain, type SmtpReply } from './smtp-client.js';
import type { CheckResult } from './types.js';
import { couldNotCheck } from './unanswered.js';

const r = results('SMTP');

type Ctx = Pick<CheckContext, 'ips' | 'ports' | 'connectHost' | 'timeoutMs' | 'hostname' | 'dns'>;

/** The host name an SMTP reply's first line starts with (`220 smtp.example.com ESMTP`, `250-smtp.example.com`). */
export const replyName = (reply: SmtpReply): string | undefined =>
  /^\d{3}[ -]([A-Za-z0-9.-]+)/.exec(reply.lines[0] ?? '')?.[1]?.replace(/\.$/, '').toLowerCase();

export async function checkSmtpName(ctx: Ctx): Promise<CheckResult[]> {
  const ips = [...ctx.ips.v4, ...ctx.ips.v6];
  if (ips.length === 0) return [r.skip('smtp.name', 'SMTP greeting names the PTR name', 'no server address is known')];
  return Promise.all(ips.map((ip) => checkIp(ctx, ip)));
}

async function checkIp(ctx: Ctx, ip: string): Promise<CheckResult> {
  const id = `smtp.name.${ip}`;
  const title = `Greeting and EHLO on ${ip} port ${ctx.ports.smtp} name the PTR name`;
  let ptr: string[];
  try {
    ptr = await ctx.dns.ptr(ip);
  } catch (err) {
    return couldNotCheck(r, id, title, err, `the PTR of ${ip}`, ctx.dns.via);
  }
  if (ptr.length !== 1) return r.skip(id, title, `${ip} has ${ptr.length === 0 ? 'no' : 'several'} PTR records (see Reverse DNS)`);
  const want = ptr[0]!.replace(/\.$/, '').toLowerCase();
  // A PTR naming another host is the Reverse DNS check's failure; one cause, one failure.
  if (!sameName(want, ctx.hostname)) return r.skip(id, title, `the PTR of ${ip} is ${want}, not ${ctx.hostname}: fix that first (see Reverse DNS)`);
  const host = ctx.connectHost ?? ip;
  let greeting: string | undefined;
  let ehlo: string | undefined;
  try {
    const conn = await connectPlain(host, ctx.ports.smtp, ctx.timeoutMs);
    try {
      greeting = replyName(conn.greeting);
      ehlo = replyName(await command(conn.socket, `EHLO ${PROBE_HELO}`, ctx.timeoutMs));
    } finally {
      conn.close();
    }
  } catch (err) {
    return r.skip(id, title, `port ${ctx.ports.smtp} did not answer: ${describeError(err)} (see Ports)`);
  }
  const wrong = [['greeting', greeting], ['EHLO', ehlo]].filter(([, name]) => !name || !sameName(name, want));
  if (wrong.length === 0) return r.ok(id, title, `greeting and EHLO: ${want} (PTR of ${ip})`);
  return r.fail(id, title, `PTR of ${ip} is ${want}, but ${wrong.map(([what, name]) => `the ${what} says ${name ?? 'no name'}`).join(' and ')}`,
    `Set hostname: "${want}" in ${CHASQUID_CONF}, then systemctl restart chasquid.`);
}
