// TSIG (RFC 8945): an HMAC over the DNS message and a few TSIG variables,
// appended as the last additional record. Implemented here so mailsetup does
// not need nsupdate on the user's computer. The secret stays in this module's
// closures and is never part of an error or a log line.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { wire } from './wire.js';

export type TsigAlgorithm = 'hmac-sha256' | 'hmac-sha512' | 'hmac-sha384' | 'hmac-sha224' | 'hmac-sha1';

export interface TsigKey {
  name: string;
  algorithm: TsigAlgorithm;
  /** Base64, as tsig-keygen prints it. */
  secret: string;
}

const HASH: Record<TsigAlgorithm, string> = {
  'hmac-sha256': 'sha256',
  'hmac-sha512': 'sha512',
  'hmac-sha384': 'sha384',
  'hmac-sha224': 'sha224',
  'hmac-sha1': 'sha1',
};

export const TSIG_TYPE = 250;
const CLASS_ANY = 255;
export const FUDGE_SECONDS = 300;

export const TSIG_ERRORS: Record<number, string> = { 16: 'BADSIG', 17: 'BADKEY', 18: 'BADTIME', 22: 'BADTRUNC' };

export function normalizeAlgorithm(name: string): TsigAlgorithm {
  const a = name.toLowerCase().replace(/\.$/, '') as TsigAlgorithm;
  if (!(a in HASH)) throw new Error(`unsupported TSIG algorithm "${name}": use hmac-sha256 or hmac-sha512`);
  return a;
}

/** Reads `key "NAME" { algorithm ALG; secret "..."; };` as tsig-keygen writes it. */
export function parseTsigKeyFile(text: string): TsigKey {
  const name = /key\s+"?([^"\s{]+)"?\s*\{/.exec(text)?.[1];
  const algorithm = /algorithm\s+"?([\w-]+)"?\s*;/.exec(text)?.[1];
  const secret = /secret\s+"([^"]+)"/.exec(text)?.[1];
  if (!name || !algorithm || !secret) throw new Error('not a TSIG key file (expected key "name" { algorithm ...; secret "..."; };)');
  return { name: name.replace(/\.$/, ''), algorithm: normalizeAlgorithm(algorithm), secret };
}

/** Lower-case, uncompressed wire form (the canonical form TSIG hashes). */
const wireName = (name: string): Buffer => wire.name.encode(name.toLowerCase());

const u16 = (n: number) => { const b = Buffer.alloc(2); b.writeUInt16BE(n); return b; };
const u32 = (n: number) => { const b = Buffer.alloc(4); b.writeUInt32BE(n); return b; };
const u48 = (n: number) => { const b = Buffer.alloc(6); b.writeUInt16BE(Math.floor(n / 2 ** 32)); b.writeUInt32BE(n % 2 ** 32, 2); return b; };

interface TsigFields {
  keyName: string;
  algorithm: string;
  timeSigned: number;
  fudge: number;
  mac: Buffer;
  originalId: number;
  error: number;
  other: Buffer;
}

/** The "TSIG variables" of RFC 8945 4.3.3. */
function variables(f: Omit<TsigFields, 'mac' | 'originalId'>): Buffer {
  return Buffer.concat([
    wireName(f.keyName), u16(CLASS_ANY), u32(0), wireName(f.algorithm),
    u48(f.timeSigned), u16(f.fudge), u16(f.error), u16(f.other.length), f.other,
  ]);
}

function hmac(key: TsigKey, data: Buffer): Buffer {
  return createHmac(HASH[key.algorithm], Buffer.from(key.secret, 'base64')).update(data).digest();
}

function tsigRecord(f: TsigFields): Buffer {
  const rdata = Buffer.concat([
    wireName(f.algorithm), u48(f.timeSigned), u16(f.fudge), u16(f.mac.length), f.mac,
    u16(f.originalId), u16(f.error), u16(f.other.length), f.other,
  ]);
  return Buffer.concat([wireName(f.keyName), u16(TSIG_TYPE), u16(CLASS_ANY), u32(0), u16(rdata.length), rdata]);
}

/** Signs a complete, unsigned message; returns the message with TSIG appended and the request MAC. */
export function signMessage(message: Buffer, key: TsigKey, now = Date.now()): { signed: Buffer; mac: Buffer } {
  const fields = { keyName: key.name, algorithm: key.algorithm, timeSigned: Math.floor(now / 1000), fudge: FUDGE_SECONDS, error: 0, other: Buffer.alloc(0) };
  const mac = hmac(key, Buffer.concat([message, variables(fields)]));
  const out = Buffer.concat([message, tsigRecord({ ...fields, mac, originalId: message.readUInt16BE(0) })]);
  out.writeUInt16BE(message.readUInt16BE(10) + 1, 10); // ARCOUNT now includes the TSIG record
  return { signed: out, mac };
}

export interface ResponseTsig {
  /** TSIG error (BADSIG, BADKEY, BADTIME...) the server put in its TSIG, if any. */
  error?: string;
  /** Whether the response's own MAC checked out (false when unsigned or wrong). */
  verified: boolean;
  present: boolean;
}

/** Finds the TSIG record at the end of a response and checks its MAC against the request's. */
export function checkResponse(response: Buffer, key: TsigKey, requestMac: Buffer): ResponseTsig {
  const arcount = response.readUInt16BE(10);
  if (arcount === 0) return { present: false, verified: false };
  // Walk the sections to find where the last additional record starts.
  let offset = 12;
  const counts = [4, 6, 8, 10].map((at) => response.readUInt16BE(at));
  for (let i = 0; i < counts[0]!; i++) { wire.question.decode(response, offset); offset += wire.question.decode.bytes; }
  const records = counts[1]! + counts[2]! + counts[3]! - 1;
  for (let i = 0; i < records; i++) { wire.answer.decode(response, offset); offset += wire.answer.decode.bytes; }
  const start = offset;
  const keyName = wire.name.decode(response, offset);
  offset += wire.name.decode.bytes;
  if (response.readUInt16BE(offset) !== TSIG_TYPE) return { present: false, verified: false };
  offset += 10; // type, class, ttl, rdlength
  const algorithm = wire.name.decode(response, offset);
  offset += wire.name.decode.bytes;
  const timeSigned = response.readUInt16BE(offset) * 2 ** 32 + response.readUInt32BE(offset + 2);
  const fudge = response.readUInt16BE(offset + 6);
  const macSize = response.readUInt16BE(offset + 8);
  const mac = response.subarray(offset + 10, offset + 10 + macSize);
  offset += 10 + macSize;
  const originalId = response.readUInt16BE(offset);
  const error = response.readUInt16BE(offset + 2);
  const otherLen = response.readUInt16BE(offset + 4);
  const other = response.subarray(offset + 6, offset + 6 + otherLen);
  const errorName = error ? (TSIG_ERRORS[error] ?? `TSIG error ${error}`) : undefined;
  if (macSize === 0) return { present: true, verified: false, error: errorName };
  const unsigned = Buffer.from(response.subarray(0, start));
  unsigned.writeUInt16BE(originalId, 0);
  unsigned.writeUInt16BE(arcount - 1, 10);
  const expected = hmac(key, Buffer.concat([u16(requestMac.length), requestMac, unsigned, variables({ keyName, algorithm, timeSigned, fudge, error, other })]));
  const verified = expected.length === mac.length && timingSafeEqual(expected, mac);
  return { present: true, verified, error: errorName };
}
