// IP address helpers shared by the record builders and the resolver: PTR
// names and SPF mechanisms both need IPv6 in a canonical, fully expanded form.
import { isIP } from 'node:net';

export const isIpv4 = (ip: string): boolean => isIP(ip) === 4;
export const isIpv6 = (ip: string): boolean => isIP(ip) === 6;

/** `2001:db8::1` -> `2001:0db8:0000:0000:0000:0000:0000:0001`. */
export function expandIpv6(ip: string): string {
  if (!isIpv6(ip)) throw new Error(`not an IPv6 address: ${ip}`);
  let text = ip.split('%')[0]!;
  // An embedded IPv4 tail (::ffff:1.2.3.4) becomes two hex groups.
  const v4 = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (v4) {
    const b = v4[1]!.split('.').map(Number);
    const hi = ((b[0]! << 8) | b[1]!).toString(16);
    const lo = ((b[2]! << 8) | b[3]!).toString(16);
    text = text.slice(0, v4.index) + `${hi}:${lo}`;
  }
  const [head, tail] = text.includes('::') ? text.split('::') : [text, undefined];
  const headParts = head ? head.split(':') : [];
  const tailParts = tail ? tail.split(':') : [];
  const missing = 8 - headParts.length - tailParts.length;
  const groups = tail === undefined ? headParts : [...headParts, ...Array(missing).fill('0'), ...tailParts];
  return groups.map((g) => g.padStart(4, '0').toLowerCase()).join(':');
}

/** Shortest RFC 5952 form, so the same address always prints the same way. */
export function compressIpv6(ip: string): string {
  const groups = expandIpv6(ip).split(':').map((g) => g.replace(/^0+(?=.)/, ''));
  let best = { at: -1, len: 0 };
  for (let i = 0; i < 8; ) {
    if (groups[i] !== '0') { i++; continue; }
    let j = i;
    while (j < 8 && groups[j] === '0') j++;
    if (j - i > best.len && j - i > 1) best = { at: i, len: j - i };
    i = j;
  }
  if (best.at < 0) return groups.join(':');
  return `${groups.slice(0, best.at).join(':')}::${groups.slice(best.at + best.len).join(':')}`;
}

/** The reverse-DNS name a PTR record lives at (in-addr.arpa / ip6.arpa). */
export function ptrName(ip: string): string {
  if (isIpv4(ip)) return `${ip.split('.').reverse().join('.')}.in-addr.arpa`;
  if (isIpv6(ip)) return `${expandIpv6(ip).replace(/:/g, '').split('').reverse().join('.')}.ip6.arpa`;
  throw new Error(`not an IP address: ${ip}`);
}
