// DNS questions node's resolver cannot ask (DNSKEY, DS, TLSA: c-ares has no
// such types in node 20) and the AD bit it does not show: one query in
// dns-packet's wire format over TCP (DNSKEY sets outgrow plain UDP), with
// EDNS's DNSSEC OK bit so a validating resolver says whether it validated.
// With Checking Disabled (CD) a validating resolver hands over the records
// even when they fail validation (where it would answer SERVFAIL), so a
// broken chain can be diagnosed rather than only noticed.
import { randomInt } from 'node:crypto';
import dnsPacket from 'dns-packet';
import { parseEndpoint, sendTcp } from './providers/rfc2136/transport.js';

export type RawType = 'DNSKEY' | 'DS' | 'TLSA';

export interface DnskeyData { flags: number; algorithm: number; key: Buffer }
export interface DsData { keyTag: number; algorithm: number; digestType: number; digest: Buffer }
export interface TlsaData { usage: number; selector: number; matchingType: number; certificate: Buffer }

export interface RawAnswer {
  /** The records of the asked type (RRSIGs and others left out). */
  records: unknown[];
  /** The AD bit: the resolver validated the answer with DNSSEC. */
  authenticated: boolean;
  rcode: string;
}

export interface RawOptions {
  /** Set CD: the resolver answers without validating (RFC 4035 3.2.2). */
  checkingDisabled?: boolean;
}

export async function rawQuery(server: string, name: string, type: RawType, timeoutMs: number, opts: RawOptions = {}): Promise<RawAnswer> {
  const query = dnsPacket.encode({
    type: 'query', id: randomInt(0, 0x10000),
    flags: dnsPacket.RECURSION_DESIRED | dnsPacket.AUTHENTIC_DATA | (opts.checkingDisabled ? dnsPacket.CHECKING_DISABLED : 0),
    questions: [{ type, name: name.replace(/\.$/, ''), class: 'IN' }],
    additionals: [{ type: 'OPT', name: '.', udpPayloadSize: 4096, flags: dnsPacket.DNSSEC_OK } as dnsPacket.Answer],
  });
  const reply = dnsPacket.decode(await sendTcp(parseEndpoint(server), query, timeoutMs));
  const flags = reply.flags ?? 0;
  return {
    records: (reply.answers ?? []).filter((a) => a.type === type).map((a) => (a as { data: unknown }).data),
    authenticated: (flags & dnsPacket.AUTHENTIC_DATA) !== 0,
    rcode: (reply as { rcode?: string }).rcode ?? 'NOERROR',
  };
}
