// The rfc2136 provider: TSIG-signed dynamic updates (RFC 2136 + RFC 8945)
// straight to the zone's primary server, such as bind9 or Knot with
// `allow-update { key ...; }`. All changes go in one message, so the zone
// changes atomically.
import { fqdn } from '../types.js';
import { renderDiff } from './diff.js';
import { updateError } from './rfc2136/errors.js';
import { buildUpdate, inZone } from './rfc2136/message.js';
import { parseEndpoint, sendTcp, sendUdp } from './rfc2136/transport.js';
import { checkResponse, normalizeAlgorithm, signMessage, type TsigKey } from './rfc2136/tsig.js';
import type { DnsProvider, RecordChange } from './types.js';

export interface Rfc2136Options {
  /** The primary server: `IP`, `IP:port` or `[IPv6]:port`. */
  server: string;
  zone: string;
  key: { name: string; algorithm?: string; secret: string };
  transport?: 'tcp' | 'udp';
  timeoutMs?: number;
}

export function rfc2136Provider(options: Rfc2136Options): DnsProvider {
  const endpoint = parseEndpoint(options.server);
  const zone = fqdn(options.zone);
  const key: TsigKey = { name: fqdn(options.key.name), algorithm: normalizeAlgorithm(options.key.algorithm ?? 'hmac-sha256'), secret: options.key.secret };
  if (!/^[A-Za-z0-9+/]+=*$/.test(key.secret)) throw new Error('the TSIG secret must be base64 (as tsig-keygen prints it)');
  const send = options.transport === 'udp' ? sendUdp : sendTcp;
  const timeoutMs = options.timeoutMs ?? 10_000;

  return {
    name: 'rfc2136',
    describe(changes: RecordChange[]) {
      const outside = changes.filter((c) => !inZone(c.record.name, zone));
      const head = `Dynamic update (RFC 2136) of zone ${zone} at ${options.server}, signed with TSIG key "${key.name}" (${key.algorithm}):`;
      const tail = outside.length ? `\nOutside the zone, not updated: ${outside.map((c) => c.record.name).join(', ')}` : '';
      return `${head}\n${renderDiff(changes.filter((c) => inZone(c.record.name, zone)))}${tail}`;
    },
    async upsert(changes: RecordChange[]) {
      const todo = changes.filter((c) => c.action !== 'keep');
      if (todo.length === 0) return;
      const message = buildUpdate(zone, todo);
      const { signed, mac } = signMessage(message, key);
      const reply = await send(endpoint, signed, timeoutMs);
      if (reply.readUInt16BE(0) !== message.readUInt16BE(0)) throw new Error(`the DNS server at ${options.server} answered another message`);
      const rcode = reply.readUInt16BE(2) & 0x0f;
      const tsig = checkResponse(reply, key, mac);
      if (rcode !== 0 || tsig.error) throw updateError(rcode, tsig.error, { zone, keyName: key.name, server: options.server });
      // A success that is not signed with our key could be forged: do not trust it.
      if (!tsig.verified) throw new Error(`the DNS server at ${options.server} answered without a valid TSIG signature; the update may not have been applied`);
    },
  };
}
