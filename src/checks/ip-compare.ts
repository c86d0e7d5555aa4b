// Addresses are compared in one canonical form: `2001:db8::1` and
// `2001:0db8:0:0::1` are the same server.
import { isIP } from 'node:net';
import { compressIpv6 } from '../dns/ip.js';

export const canonicalIp = (ip: string): string => (isIP(ip) === 6 ? compressIpv6(ip) : ip.trim());

export const missingFrom = (wanted: string[], seen: string[]): string[] => {
  const have = new Set(seen.map(canonicalIp));
  return wanted.map(canonicalIp).filter((ip) => !have.has(ip));
};

export const sameName = (a: string, b: string): boolean =>
  a.trim().replace(/\.$/, '').toLowerCase() === b.trim().replace(/\.$/, '').toLowerCase();
