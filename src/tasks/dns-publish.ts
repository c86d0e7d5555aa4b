// The records the server needs, from what earlier steps learned (addresses,
// DKIM key, receiving mode, DMARC choices). buildRecords (src/dns) is the one
// source of truth; this file only gathers the facts for it.
import { caaAnswerValue, caaIdentityOf } from '../dns/caa.js';
import { buildRecords, type RecordFacts, type RecordPlan } from '../dns/records.js';
import { X509Certificate } from 'node:crypto';
import { acmeAccountUri } from '../server/acme-account.js';
import { certDir, defaultBackupDir } from '../server/paths.js';
import type { Answers } from '../state/answers.js';
import { createResolver, authoritativeResolver, type DnsResolver } from '../dns/resolve.js';
import type { StepContext } from './types.js';

export async function zoneResolver(ctx: StepContext): Promise<DnsResolver> {
  return ctx.resolver ? createResolver({ server: ctx.resolver }) : authoritativeResolver(ctx.answers.domain);
}

/** The CAA name of the CA that issues the server's certificate: the one the user named, else the one mailsetup knows for the ACME server. */
export const caaIdentityOfAnswers = (answers: Pick<Answers, 'tls'>): string | undefined =>
  answers.tls.caaIdentity ?? caaIdentityOf(answers.tls.acmeServer);

/** Mail to the domain comes to this server only when it forwards; MTA-STS is about that mail. */
export function mtaStsFacts(answers: Answers): RecordFacts['mtaSts'] {
  const m = answers.mtaSts;
  if (!m || m.mode === 'off' || answers.receiving.mode !== 'forward') return undefined;
  return { mode: m.mode, servedByServer: m.serve !== 'elsewhere' };
}

/** What the checks should expect of a host mailsetup set up with these answers (the CA, MTA-STS, TLS-RPT). */
export const checkExpectations = (answers: Answers) => ({
  caaIdentity: caaIdentityOfAnswers(answers),
  expectMtaSts: Boolean(mtaStsFacts(answers)),
  expectTlsRpt: Boolean(answers.tlsRpt?.rua),
  expectDane: Boolean(answers.tls.dane),
  backup: { dir: answers.backup.dir ?? defaultBackupDir(answers.hostname), includeDkimKey: answers.backup.includeDkimKey },
});

/**
 * Providers that take a CAA or TLSA value as the zone file writes it. The API
 * providers that want such records as separate fields (Cloudflare's `data`,
 * DigitalOcean's flags and tag) are not given them yet: a note says to add
 * them by hand.
 */
const ZONE_FILE_VALUES = new Set(['manual', 'rfc2136', 'powerdns']);
const takesStructuredRecords = (answers: Answers) => ZONE_FILE_VALUES.has(answers.dns.provider);

async function caaFacts(ctx: StepContext, resolver: DnsResolver): Promise<RecordFacts['caa']> {
  const { tls, domain } = ctx.answers;
  const identity = caaIdentityOfAnswers(ctx.answers);
  if (!identity || tls.caa === false || !takesStructuredRecords(ctx.answers)) return undefined;
  const directory = tls.acmeServer ?? LETS_ENCRYPT;
  const [accountUri, existing] = await Promise.all([
    acmeAccountUri(ctx, tls.client, directory, tls.email).catch(() => undefined),
    resolver.caa(domain).then((list) => list.map(caaAnswerValue)).catch(() => []),
  ]);
  return { identity, accountUri, existing };
}

/** DANE: the certificate's DER when the zone is signed (a DNSKEY at its apex) and the certificate is in place. */
async function daneFacts(ctx: StepContext, resolver: DnsResolver): Promise<RecordFacts['dane']> {
  if (!ctx.answers.tls.dane || !takesStructuredRecords(ctx.answers)) return undefined;
  const keys = resolver.raw ? await resolver.raw(ctx.answers.domain, 'DNSKEY').then((a) => a.records.length, () => 0) : 0;
  if (!keys) return { unsigned: true };
  const pem = (await ctx.remote.readFile(`${certDir(ctx.answers.hostname)}/fullchain.pem`).catch(() => null))?.toString('utf8');
  const first = pem && /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/.exec(pem)?.[0];
  if (!first) return {};
  try {
    return { certDer: new X509Certificate(first).raw };
  } catch {
    return {};
  }
}

/** The ACME directory lego and acme.sh use when none is given. */
const LETS_ENCRYPT = 'https://acme-v02.api.letsencrypt.org/directory';

export async function plannedRecords(ctx: StepContext, resolver: DnsResolver): Promise<RecordPlan> {
  const { answers, facts } = ctx;
  const dmarc = answers.dmarc;
  const plan = buildRecords({
    domain: answers.domain,
    hostname: answers.hostname,
    ipv4: facts.ipv4 ?? [],
    ipv6: answers.ipv6.enable ? (facts.ipv6 ?? []) : [],
    dkim: facts.dkim ? { selector: facts.dkim.selector, publicRecord: facts.dkim.record } : undefined,
    dmarc: { p: dmarc.policy, fo: dmarc.fo, rua: dmarc.rua ? [dmarc.rua] : undefined, ruf: dmarc.ruf ? [dmarc.ruf] : undefined },
    receiving: answers.receiving.mode === 'forward',
    existingApexTxt: await resolver.txt(answers.domain).catch(() => []),
    mtaSts: mtaStsFacts(answers),
    tlsRpt: answers.tlsRpt?.rua ? [answers.tlsRpt.rua] : undefined,
    caa: await caaFacts(ctx, resolver),
    dane: await daneFacts(ctx, resolver),
  });
  if (!takesStructuredRecords(answers) && (answers.tls.dane || (answers.tls.caa !== false && caaIdentityOfAnswers(answers)))) {
    plan.notes.push(`CAA/TLSA: mailsetup does not publish these through ${answers.dns.provider} yet; add them in its panel (mailsetup --check gives the exact records).`);
  }
  return plan;
}

/** The reverse zone a PTR name most likely sits in: the /24 for IPv4, the /64 for IPv6. */
export function reverseZoneOf(ptrName: string): string {
  const labels = ptrName.split('.');
  return ptrName.endsWith('.in-addr.arpa') ? labels.slice(1).join('.') : labels.slice(16).join('.');
}
