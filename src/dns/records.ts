// Every record the mail host needs, from the facts mailsetup knows about the
// server. The same list feeds the table, the zone snippet, publishing and the
// checks, so they can never disagree.
import { addressRecords } from './address.js';
import { dkimRecord, parseDkimRecord, type DkimPublicRecord } from './dkim.js';
import { dmarcRecords, type DmarcChoices } from './dmarc/build.js';
import { caaRecord } from './caa.js';
import { mtaStsHost, mtaStsId, mtaStsPolicy, mtaStsPolicyUrl, mtaStsRecord, type MtaStsMode } from './mta-sts.js';
import { mxRecord } from './mx.js';
import { ptrRecords } from './ptr.js';
import { heloSpfRecord } from './spf/helo.js';
import { spfRecord } from './spf/record.js';
import type { SpfMerge } from './spf/merge.js';
import { tlsaName, tlsaRecord } from './tlsa.js';
import { tlsRptRecord } from './tls-rpt.js';
import { DEFAULT_TTL, fqdn, type DnsRecord } from './types.js';

export interface RecordFacts {
  domain: string;
  /** The mail hostname, also the PTR name (e.g. smtp.example.com). */
  hostname: string;
  ipv4: string[];
  ipv6: string[];
  dkim?: {
    selector: string;
    /** The record chasquid-util / the hook printed, or an already parsed key. */
    publicRecord: string | DkimPublicRecord;
  };
  dmarc?: DmarcChoices;
  /** MX (and the optional MTA-STS) only when the server receives mail for the domain. */
  receiving?: boolean;
  /** All TXT values currently at the domain apex; the SPF among them is merged, not replaced. */
  existingApexTxt?: string[];
  /** Authorize the server in SPF by `a:hostname` instead of ip4:/ip6:. */
  spfByHostname?: boolean;
  /**
   * MTA-STS: the policy's mode, and whether the server itself serves it
   * (then mta-sts.<domain> gets the server's addresses) or the user hosts it.
   */
  mtaSts?: { mode: MtaStsMode; servedByServer?: boolean };
  /** CAA: the CAA name of the CA that issues the certificate, its ACME account when known, and the CAA values already at the apex (kept). */
  caa?: { identity: string; accountUri?: string; existing?: string[] };
  /**
   * DANE: the certificate port 25 presents (DER), when the zone is signed;
   * `unsigned` says why there is no TLSA record although DANE was asked for.
   */
  dane?: { certDer?: Buffer; unsigned?: boolean };
  /** TLS-RPT report addresses. */
  tlsRpt?: string[];
  ttl?: number;
}

export interface RecordPlan {
  records: DnsRecord[];
  spf: SpfMerge;
  /** Things to tell the user (merges, report authorizations, ...). */
  notes: string[];
  /** The MTA-STS policy file text, when MTA-STS was asked for. */
  mtaStsPolicy?: string;
}

export function buildRecords(facts: RecordFacts): RecordPlan {
  const ttl = facts.ttl ?? DEFAULT_TTL;
  const domain = fqdn(facts.domain);
  const hostname = fqdn(facts.hostname);
  const records: DnsRecord[] = [...addressRecords(hostname, facts.ipv4, facts.ipv6, ttl)];
  const notes: string[] = [];

  if (facts.receiving) records.push(mxRecord(domain, hostname, 10, ttl));

  const server = facts.spfByHostname ? { hostnames: [hostname] } : { ipv4: facts.ipv4, ipv6: facts.ipv6 };
  const spf = spfRecord(domain, server, facts.existingApexTxt ?? [], ttl);
  records.push(spf.record);
  notes.push(...spf.merge.notes.map((n) => `SPF: ${n}`), ...spf.merge.warnings.map((w) => `SPF: ${w}`));
  // The host name is a sending identity of its own (HELO); on the apex itself, the apex SPF covers it.
  if (hostname !== domain) records.push(heloSpfRecord(hostname, facts.ipv4, facts.ipv6, facts.spfByHostname, ttl));

  if (facts.dkim) {
    const key = typeof facts.dkim.publicRecord === 'string' ? parseDkimRecord(facts.dkim.publicRecord) : facts.dkim.publicRecord;
    records.push(dkimRecord(domain, facts.dkim.selector, key, ttl));
  }

  if (facts.dmarc) {
    const dmarc = dmarcRecords(domain, facts.dmarc, ttl);
    records.push(...dmarc.records);
    notes.push(...dmarc.notes.map((n) => `DMARC: ${n}`));
  }

  let policy: string | undefined;
  if (facts.mtaSts) {
    if (!facts.receiving) notes.push('MTA-STS protects mail sent to this domain: it only matters when the server receives (MX).');
    policy = mtaStsPolicy([hostname], facts.mtaSts.mode);
    records.push(mtaStsRecord(domain, mtaStsId(policy), ttl));
    if (facts.mtaSts.servedByServer) {
      records.push(...addressRecords(mtaStsHost(domain), facts.ipv4, facts.ipv6, ttl)
        .map((r) => ({ ...r, optional: true, purpose: 'MTA-STS: the server serves the policy over HTTPS under this name' })));
    } else {
      notes.push(`MTA-STS: upload the policy below as ${mtaStsPolicyUrl(domain)} (HTTPS with a valid certificate for ${mtaStsHost(domain)}, Content-Type text/plain, no redirect).`);
    }
  }
  if (facts.tlsRpt?.length) records.push(tlsRptRecord(domain, facts.tlsRpt, ttl));
  if (facts.dane?.certDer) records.push(tlsaRecord(hostname, facts.dane.certDer, ttl));
  else if (facts.dane?.unsigned) notes.push(`DANE: ${domain} is not signed with DNSSEC, so no TLSA record is published (senders would ignore it); sign the zone and run mailsetup again.`);
  else if (facts.dane) notes.push(`DANE: ${domain} is signed; the TLSA record ${tlsaName(hostname)} (3 1 1, the certificate's key) is published once the certificate is in place.`);
  if (facts.caa) {
    records.push(caaRecord(domain, facts.caa.identity, facts.caa.accountUri, facts.caa.existing ?? [], ttl));
    if (facts.caa.existing?.length) notes.push(`CAA: kept the ${facts.caa.existing.length} CAA entr${facts.caa.existing.length > 1 ? 'ies' : 'y'} already at ${domain}.`);
  }

  records.push(...ptrRecords(hostname, [...facts.ipv4, ...facts.ipv6], ttl));
  return { records, spf: spf.merge, notes, mtaStsPolicy: policy };
}
