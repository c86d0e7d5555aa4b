// DANE for SMTP (RFC 7672): a TLSA record at _25._tcp.<host> pins the key
// the server presents on port 25. mailsetup offers `3 1 1` (DANE-EE, the
// certificate's public key, SHA-256): it survives renewals as long as the
// key is reused, which mailsetup's renewal does once DANE is on.
import { createHash, X509Certificate } from 'node:crypto';
import type { TlsaData } from './raw-query.js';
import { DEFAULT_TTL, fqdn, type DnsRecord } from './types.js';

export const tlsaName = (hostname: string, port = 25): string => `_${port}._tcp.${fqdn(hostname)}`;

/** What a TLSA record with this selector and matching type holds for a certificate (DER). */
export function tlsaData(certDer: Buffer, selector: number, matchingType: number): Buffer | undefined {
  const subject = selector === 0 ? certDer : selector === 1 ? spkiOf(certDer) : undefined;
  if (!subject) return undefined;
  if (matchingType === 0) return subject;
  if (matchingType === 1) return createHash('sha256').update(subject).digest();
  if (matchingType === 2) return createHash('sha512').update(subject).digest();
  return undefined;
}

const spkiOf = (certDer: Buffer): Buffer => new X509Certificate(certDer).publicKey.export({ type: 'spki', format: 'der' });

/** The record for `3 1 1` of this certificate. */
export function tlsaRecord(hostname: string, certDer: Buffer, ttl = DEFAULT_TTL): DnsRecord {
  return { name: tlsaName(hostname), type: 'TLSA', values: [tlsaValue(certDer)], ttl, home: 'zone', optional: true,
    purpose: 'DANE: senders that validate DNSSEC accept on port 25 only this key (kept across renewals)' };
}

export const tlsaValue = (certDer: Buffer): string => `3 1 1 ${tlsaData(certDer, 1, 1)!.toString('hex')}`;

/**
 * Whether a TLSA record matches the chain a server presents (leaf first):
 * DANE-EE (3) the leaf, DANE-TA (2) a certificate above it. PKIX usages
 * (0, 1) are not for SMTP (RFC 7672 3.1.3).
 */
export function tlsaMatches(record: TlsaData, chain: Buffer[]): boolean {
  const candidates = record.usage === 3 ? chain.slice(0, 1) : record.usage === 2 ? chain.slice(1) : [];
  return candidates.some((der) => tlsaData(der, record.selector, record.matchingType)?.equals(record.certificate) ?? false);
}

export const tlsaText = (r: TlsaData): string => `${r.usage} ${r.selector} ${r.matchingType} ${r.certificate.toString('hex')}`;
