// DNSSEC's link between a zone and its parent (RFC 4034): the parent's DS
// record is a digest of one of the zone's DNSKEYs (the key-signing key). A DS
// that matches no DNSKEY breaks every name in the zone for validating
// resolvers; a signed zone without DS is signed for nobody.
import { createHash } from 'node:crypto';
import { wire } from './providers/rfc2136/wire.js';
import type { DnskeyData, DsData } from './raw-query.js';
import { fqdn } from './types.js';

const DIGESTS: Record<number, string> = { 1: 'sha1', 2: 'sha256', 4: 'sha384' };
/** The Secure Entry Point flag: a key-signing key (flags 257). */
export const isKeySigningKey = (key: DnskeyData): boolean => (key.flags & 0x0001) === 1;

/** The DNSKEY's RDATA as signed and digested: flags, protocol 3, algorithm, key. */
function dnskeyRdata(key: DnskeyData): Buffer {
  return Buffer.concat([Buffer.from([key.flags >> 8, key.flags & 0xff, 3, key.algorithm]), key.key]);
}

/** RFC 4034 Appendix B. */
export function keyTag(key: DnskeyData): number {
  const data = dnskeyRdata(key);
  let ac = 0;
  for (let i = 0; i < data.length; i++) ac += i & 1 ? data[i]! : data[i]! << 8;
  ac += (ac >> 16) & 0xffff;
  return ac & 0xffff;
}

/** The digest a DS of `digestType` holds for `key` at `owner`; undefined for a digest type mailsetup does not know. */
export function dsDigest(owner: string, key: DnskeyData, digestType: number): Buffer | undefined {
  const algorithm = DIGESTS[digestType];
  if (!algorithm) return undefined;
  return createHash(algorithm).update(Buffer.concat([wire.name.encode(fqdn(owner)), dnskeyRdata(key)])).digest();
}

export function dsMatches(owner: string, ds: DsData, key: DnskeyData): boolean {
  if (ds.algorithm !== key.algorithm || ds.keyTag !== keyTag(key)) return false;
  const digest = dsDigest(owner, key, ds.digestType);
  return Boolean(digest && digest.equals(ds.digest));
}

/** The DS line (SHA-256) a registrar asks for, for a key-signing key. */
export function dsLine(owner: string, key: DnskeyData): string {
  return `${fqdn(owner)}. DS ${keyTag(key)} ${key.algorithm} 2 ${dsDigest(owner, key, 2)!.toString('hex').toUpperCase()}`;
}
