// The DKIM public key record at <selector>._domainkey.<domain>. It comes
// either from the public key itself or from the record chasquid-util (1.14+)
// or the dkim hook prints on the server; both give the same record here.
import { createPublicKey } from 'node:crypto';
import { DEFAULT_TTL, fqdn, type DnsRecord } from './types.js';

export type DkimKeyType = 'rsa' | 'ed25519';

export interface DkimPublicRecord {
  selector?: string;
  domain?: string;
  keyType: DkimKeyType;
  /** Base64 of the key as DKIM carries it: SPKI DER for RSA, the raw 32 bytes for Ed25519 (RFC 8463). */
  publicKey: string;
}

export const dkimRecordName = (selector: string, domain: string): string => `${selector}._domainkey.${fqdn(domain)}`;

export const dkimValue = (key: DkimPublicRecord): string => `v=DKIM1; k=${key.keyType}; p=${key.publicKey}`;

/** From a PEM (or DER) public key, or a private key from which the public half is derived. */
export function dkimFromKey(pem: string | Buffer): DkimPublicRecord {
  const key = createPublicKey(pem);
  if (key.asymmetricKeyType === 'rsa') {
    return { keyType: 'rsa', publicKey: key.export({ format: 'der', type: 'spki' }).toString('base64') };
  }
  if (key.asymmetricKeyType === 'ed25519') {
    const jwk = key.export({ format: 'jwk' });
    return { keyType: 'ed25519', publicKey: Buffer.from(jwk.x!, 'base64url').toString('base64') };
  }
  throw new Error(`DKIM keys are RSA or Ed25519, not ${key.asymmetricKeyType}`);
}

/**
 * Reads a printed record such as chasquid-util's
 * `sel._domainkey.example.com<TAB>TXT<TAB>"v=DKIM1; k=rsa; p=..."`, a zone
 * snippet with several quoted strings, or a bare `v=DKIM1; ...` value.
 */
export function parseDkimRecord(text: string): DkimPublicRecord {
  const quoted = [...text.matchAll(/"((?:[^"\\]|\\.)*)"/g)].map((m) => m[1]!.replace(/\\(.)/g, '$1'));
  const value = (quoted.length > 0 ? quoted.join('') : text).replace(/\s+/g, ' ').trim();
  const start = value.indexOf('v=DKIM1');
  const tags = parseDkimTags(start >= 0 ? value.slice(start) : value);
  const p = tags.get('p');
  if (!p) throw new Error('no DKIM public key (p=) found in the printed record');
  const k = (tags.get('k') ?? 'rsa').toLowerCase();
  if (k !== 'rsa' && k !== 'ed25519') throw new Error(`unknown DKIM key type k=${k}`);
  const owner = /([A-Za-z0-9_-]+)\._domainkey\.([A-Za-z0-9.-]+?)\.?(?:\s|$)/.exec(text);
  return { keyType: k, publicKey: p.replace(/\s+/g, ''), selector: owner?.[1], domain: owner?.[2] };
}

/** `v=DKIM1; k=rsa; p=...` -> tag map (tag names lower case). */
export function parseDkimTags(value: string): Map<string, string> {
  const tags = new Map<string, string>();
  for (const part of value.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    tags.set(part.slice(0, eq).trim().toLowerCase(), part.slice(eq + 1).trim());
  }
  return tags;
}

export function dkimRecord(domain: string, selector: string, key: DkimPublicRecord, ttl = DEFAULT_TTL): DnsRecord {
  if (!/^[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)*$/.test(selector)) throw new Error(`not a valid DKIM selector: "${selector}"`);
  return { name: dkimRecordName(selector, domain), type: 'TXT', values: [dkimValue(key)], ttl, home: 'zone',
    purpose: `DKIM public key (${key.keyType}) that receivers check the server's signatures with` };
}
