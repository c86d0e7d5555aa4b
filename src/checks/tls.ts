// TLS on all three listeners: 465 (implicit TLS, what the guide's test mail
// uses) and STARTTLS on 25 and 587. Receivers and mail clients check the
// same three things: trusted chain for the name, not expired, no old protocols.
import type { CheckContext, SmtpPorts } from './context.js';
import { describeError, results } from './result.js';
import { probeTls, probeWeakProtocol, type TlsMode } from './tls-probe.js';
import { trustedCas } from './trust.js';
import type { CheckResult } from './types.js';

const r = results('TLS');
const DAY = 86_400_000;
export const EXPIRY_WARN_DAYS = 14;

type Ctx = Pick<CheckContext, 'hostname' | 'ips' | 'caFile' | 'ports' | 'connectHost' | 'timeoutMs'>;

const LISTENERS: { key: keyof SmtpPorts; mode: TlsMode }[] = [
  { key: 'smtp', mode: 'starttls' },
  { key: 'submissions', mode: 'implicit' },
  { key: 'submission', mode: 'starttls' },
];

const UNREACHABLE = new Set(['ECONNREFUSED', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'EADDRNOTAVAIL']);

/**
 * Where to connect: an address, never the bare host name. Connecting by name
 * would resolve it through the system's resolver, even with --resolver, and
 * could test another machine than the one DNS (or the server) names.
 */
export const connectHostOf = (ctx: Pick<CheckContext, 'ips' | 'connectHost'>): string | undefined =>
  ctx.connectHost ?? ctx.ips.v4[0] ?? ctx.ips.v6[0];

export async function checkTls(ctx: Ctx): Promise<CheckResult[]> {
  if (!connectHostOf(ctx)) {
    const reason = `no address of ${ctx.hostname} is known (neither from the server nor from DNS)`;
    return LISTENERS.map((l) => r.skip(`tls.${l.key}.certificate`, `Certificate on port ${ctx.ports[l.key]}`, reason));
  }
  const ca = await trustedCas(ctx.caFile);
  const perPort = await Promise.all(LISTENERS.map((l) => checkListener(ctx, l.key, l.mode, ca)));
  return perPort.flat();
}

async function checkListener(ctx: Ctx, key: keyof SmtpPorts, mode: TlsMode, ca: string[] | undefined): Promise<CheckResult[]> {
  const port = ctx.ports[key];
  const host = connectHostOf(ctx)!;
  const where = `port ${port} (${mode === 'implicit' ? 'TLS' : 'STARTTLS'})`;
  const id = (what: string) => `tls.${key}.${what}`;
  const [facts, weak] = await Promise.all([
    // Wrapped, not `instanceof Error`: errors from node's core may come from another realm (jest's vm).
    probeTls(mode, host, port, ctx.hostname, ca, ctx.timeoutMs).then((f) => ({ f }), (e: unknown) => ({ e: e as Error })),
    probeWeakProtocol(mode, host, port, ctx.hostname, ctx.timeoutMs),
  ]);
  if ('e' in facts) {
    const code = (facts.e as NodeJS.ErrnoException).code;
    if (code === 'ENOSTARTTLS') {
      return [r.fail(id('certificate'), `Certificate on ${where}`, `${host}:${port} does not offer STARTTLS`,
        `Give chasquid a certificate in /etc/chasquid/certs/${ctx.hostname}/ (fullchain.pem, privkey.pem) and restart it.`)];
    }
    const reason = `could not talk TLS to ${host}:${port}: ${describeError(facts.e)}`;
    // An unreachable port is the Ports check's finding; do not count it twice.
    if (code && UNREACHABLE.has(code)) return [r.skip(id('certificate'), `Certificate on ${where}`, reason)];
    return [r.fail(id('certificate'), `TLS handshake on ${where}`, reason,
      `Check chasquid's certificate for ${ctx.hostname} in /etc/chasquid/certs/ and its log (journalctl -u chasquid).`)];
  }
  const { f } = facts;
  const out: CheckResult[] = [];
  const certTitle = `Certificate on ${where} is trusted for ${ctx.hostname}`;
  if (f.problem) {
    out.push(r.fail(id('certificate'), certTitle, `${f.problem} (certificate for ${f.subject}, issued by ${f.issuer})`,
      `Install a certificate for ${ctx.hostname} with its full chain (fullchain.pem) in /etc/chasquid/certs/${ctx.hostname}/ and restart chasquid.`));
  } else {
    out.push(r.ok(id('certificate'), certTitle, `${f.protocol}, issued by ${f.issuer}`));
  }
  out.push(expiry(id('expiry'), where, f.validTo, ctx.hostname));
  const weakTitle = `No TLS 1.0/1.1 on ${where}`;
  out.push(weak
    ? r.warn(id('protocols'), weakTitle, `the server accepted a ${weak} handshake`,
      // Seen on Debian 12 (chasquid 1.11) and Debian 13 (chasquid 1.15): both
      // accept TLS 1.0/1.1, and chasquid has no setting for the lowest version.
      port === ctx.ports.smtp
        ? 'chasquid has no setting for the lowest TLS version; between mail servers an old TLS is still better than none. To refuse it, put a TLS terminator in front of chasquid.'
        : 'chasquid has no setting for the lowest TLS version: check that your mail apps use TLS 1.2 or later (all current ones do), or put a TLS terminator in front of chasquid.')
    : r.ok(id('protocols'), weakTitle, 'TLS 1.0 and 1.1 refused'));
  return out;
}

function expiry(id: string, where: string, validTo: Date, hostname: string): ReturnType<typeof r.ok> {
  const title = `Certificate on ${where} is not about to expire`;
  const days = Math.floor((validTo.getTime() - Date.now()) / DAY);
  const renew = `Renew the certificate for ${hostname} (and check that renewal is scheduled, see Service).`;
  if (Number.isNaN(days)) return r.fail(id, title, 'the certificate has no readable expiry date', renew);
  if (validTo.getTime() <= Date.now()) return r.fail(id, title, `expired on ${validTo.toISOString().slice(0, 10)}`, renew);
  if (days < EXPIRY_WARN_DAYS) return r.warn(id, title, `expires in ${days} days (${validTo.toISOString().slice(0, 10)})`, renew);
  return r.ok(id, title, `${days} days left (until ${validTo.toISOString().slice(0, 10)})`);
}
