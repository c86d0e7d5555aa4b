// DNSSEC of the mail domain's zone and DANE on port 25. The zone is reported
// as it is: not signed (nothing wrong, but no DANE), signed with a DS at the
// parent that matches one of its keys (and whether the resolver validated
// it), signed without DS (signed for nobody: the exact DS to add), or a DS
// matching no key (validating resolvers then fail every name: a failure).
// A TLSA record at _25._tcp.<host> must match the key the server presents
// on port 25; a mismatch makes DANE senders refuse to deliver.
import { dsLine, dsMatches, isKeySigningKey, keyTag } from '../dns/dnssec.js';
import type { DnskeyData, DsData, TlsaData } from '../dns/raw-query.js';
import { DnsQueryError, type DnsResolver } from '../dns/resolve.js';
import { tlsaMatches, tlsaName, tlsaText, tlsaValue } from '../dns/tlsa.js';
import type { CheckContext } from './context.js';
import { describeError, results } from './result.js';
import { connectStartTls } from './smtp-client.js';
import { connectHostOf } from './tls.js';
import type { CheckResult } from './types.js';
import { couldNotCheck } from './unanswered.js';

const r = results('DNSSEC');

type RawAsk = NonNullable<DnsResolver['raw']>;
type Ctx = Pick<CheckContext, 'domain' | 'hostname' | 'dns' | 'ips' | 'connectHost' | 'ports' | 'timeoutMs' | 'expectDane'>;

export async function checkDnssec(ctx: Ctx): Promise<CheckResult[]> {
  const [zone, signed] = await checkZone(ctx);
  return [zone, ...(await checkTlsa(ctx, signed))];
}

/**
 * The zone's DNSKEYs as the resolver serves them. A validating resolver
 * answers SERVFAIL when the chain fails (a DS matching no key, expired
 * signatures): the keys are then asked again with CD, so the failure can be
 * explained, and the zone is `bogus`.
 */
async function zoneKeys(ask: RawAsk, domain: string): Promise<{ keys: DnskeyData[]; validated: boolean; bogus: boolean }> {
  try {
    const k = await ask(domain, 'DNSKEY');
    return { keys: k.records as DnskeyData[], validated: k.authenticated, bogus: false };
  } catch (err) {
    if (!(err instanceof DnsQueryError && err.code === 'ESERVFAIL')) throw err;
    const unchecked = await ask(domain, 'DNSKEY', { checkingDisabled: true }).catch(() => undefined);
    if (!unchecked?.records.length) throw err;
    return { keys: unchecked.records as DnskeyData[], validated: false, bogus: true };
  }
}

async function checkZone(ctx: Ctx): Promise<[CheckResult, boolean]> {
  const title = `DNSSEC of ${ctx.domain}`;
  const ask = ctx.dns.raw;
  if (!ask) return [r.skip('dnssec.zone', title, `${ctx.dns.via} cannot be asked for DNSKEY and DS`), false];
  let keys: DnskeyData[];
  let ds: DsData[];
  let validated: boolean;
  let bogus: boolean;
  try {
    const [k, d] = await Promise.all([zoneKeys(ask, ctx.domain), ask(ctx.domain, 'DS', { checkingDisabled: true })]);
    ({ keys, validated, bogus } = k);
    ds = d.records as DsData[];
  } catch (err) {
    return [couldNotCheck(r, 'dnssec.zone', title, err, ctx.domain, ctx.dns.via), false];
  }
  if (keys.length === 0 && ds.length === 0) {
    return [r.ok('dnssec.zone', title, 'not signed (no DNSKEY, no DS at the parent): DNS answers are not authenticated, and DANE cannot be used'), false];
  }
  if (keys.length === 0) {
    return [r.fail('dnssec.zone', title, `the parent has DS ${ds.map((d) => d.keyTag).join(', ')} but the zone has no DNSKEY: validating resolvers answer SERVFAIL for every name in ${ctx.domain}`,
      `Remove the DS record at your registrar, or sign the zone again with the key it names.`), false];
  }
  const ksks = keys.filter(isKeySigningKey);
  if (ds.length === 0) {
    const lines = (ksks.length ? ksks : keys).map((k) => dsLine(ctx.domain, k));
    return [r.warn('dnssec.zone', title, `signed (DNSKEY ${keys.map(keyTag).join(', ')}), but the parent has no DS: no resolver can validate it`,
      `Add the DS record at your registrar: ${lines.join(' or ')}`), false];
  }
  const matching = ds.filter((d) => keys.some((k) => dsMatches(ctx.domain, d, k)));
  const refused = bogus ? ` (${ctx.dns.via} does: SERVFAIL)` : '';
  if (matching.length === 0) {
    const lines = (ksks.length ? ksks : keys).map((k) => dsLine(ctx.domain, k));
    return [r.fail('dnssec.zone', title, `the parent's DS (key tag ${ds.map((d) => d.keyTag).join(', ')}) matches none of the zone's DNSKEYs (${keys.map(keyTag).join(', ')}): validating resolvers answer SERVFAIL for every name in ${ctx.domain}${refused}`,
      `Replace the DS record at your registrar with ${lines.join(' or ')}`), false];
  }
  const tags = matching.map((d) => d.keyTag).join(', ');
  if (bogus) {
    return [r.fail('dnssec.zone', title, `signed, DS key tag ${tags} at the parent matches a DNSKEY, but ${ctx.dns.via} fails to validate the zone (SERVFAIL): its signatures are broken or expired, and validating resolvers answer SERVFAIL for every name in ${ctx.domain}`,
      `Have your DNS host sign ${ctx.domain} again (fresh RRSIGs by the key the DS names), or remove the DS record at your registrar until it is signed correctly.`), false];
  }
  const how = validated ? `validated by ${ctx.dns.via}` : `not validated by ${ctx.dns.via} (it does not validate, or did not say so)`;
  return [r.ok('dnssec.zone', title, `signed, DS key tag ${tags} at the parent matches a DNSKEY; ${how}`), true];
}

/** The chain port 25 presents, leaf first, as DER. */
async function presentedChain(ctx: Ctx): Promise<Buffer[]> {
  const conn = await connectStartTls(connectHostOf(ctx)!, ctx.ports.smtp, { servername: ctx.hostname, rejectUnauthorized: false }, ctx.timeoutMs);
  try {
    const chain: Buffer[] = [];
    let cert = (conn.socket as import('node:tls').TLSSocket).getPeerCertificate(true);
    while (cert?.raw && !chain.some((c) => c.equals(cert.raw))) {
      chain.push(cert.raw);
      cert = cert.issuerCertificate;
    }
    return chain;
  } finally {
    conn.close();
  }
}

async function checkTlsa(ctx: Ctx, signed: boolean): Promise<CheckResult[]> {
  const name = tlsaName(ctx.hostname, 25);
  const title = `DANE: TLSA at ${name} matches the certificate on port 25`;
  if (!ctx.dns.raw) return [];
  let records: TlsaData[];
  try {
    records = (await ctx.dns.raw(name, 'TLSA')).records as TlsaData[];
  } catch (err) {
    return [couldNotCheck(r, 'dane.smtp', title, err, name, ctx.dns.via)];
  }
  if (records.length === 0) {
    // mailsetup publishes TLSA only in a signed zone: unsigned, its absence is expected.
    return ctx.expectDane && signed
      ? [r.fail('dane.smtp', title, `no TLSA record at ${name}`, 'Run mailsetup again: its DANE step publishes the TLSA record once the certificate is in place (tls.dane).')]
      : [r.skip('dane.smtp', title, signed ? 'no TLSA record (optional; mailsetup offers 3 1 1 with tls.dane)' : 'no TLSA record (DANE needs a signed zone)')];
  }
  if (!connectHostOf(ctx)) return [r.skip('dane.smtp', title, `no address of ${ctx.hostname} is known`)];
  let chain: Buffer[];
  try {
    chain = await presentedChain(ctx);
  } catch (err) {
    return [r.skip('dane.smtp', title, `could not talk STARTTLS to port ${ctx.ports.smtp}: ${describeError(err)}`)];
  }
  const shown = records.map(tlsaText).join(', ');
  if (!chain.length) return [r.fail('dane.smtp', title, 'port 25 presented no certificate', 'Give chasquid its certificate and restart it.')];
  const want = `${name}. TLSA ${tlsaValue(chain[0]!)}`;
  if (!records.some((rec) => tlsaMatches(rec, chain))) {
    return [r.fail('dane.smtp', title, `TLSA ${shown} matches nothing port 25 presents: DANE senders refuse to deliver`,
      `Replace the TLSA record with ${want} (and renew with the same key: mailsetup's renewal reuses it when tls.dane is on).`)];
  }
  if (!signed) {
    return [r.warn('dane.smtp', title, `TLSA ${shown} matches the certificate, but ${ctx.domain} is not validated by DNSSEC: senders ignore it`,
      `Sign the zone and add its DS at your registrar (see dnssec.zone), or remove ${name}.`)];
  }
  return [r.ok('dane.smtp', title, `TLSA ${shown} matches the certificate presented on port 25`)];
}
