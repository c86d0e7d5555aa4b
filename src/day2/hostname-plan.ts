import { publisherName } from '../dns/providers/registry/index.js';
// What `mailsetup hostname set` will do, in words, and the one record edit
// the DNS step would not make by itself: an `a:OLD` term in SPF (added by
// hand) names the old host, so it is moved to the new name.

export interface HostnamePlan {
  from: string;
  to: string;
  domain: string;
  /** Empty when the certificate chasquid has covers the new name; else why it does not. */
  reissue?: string;
  names: string[];
  addresses: string[];
  receiving: boolean;
  dnsProvider: string;
  /** The reverse zone takes updates from mailsetup (rfc2136), as in the lab. */
  ptrByMailsetup: boolean;
  spfHasOldName: boolean;
  /** MTA-STS is published: who serves the policy, and the policy naming the new host. */
  mtaSts?: { servedByServer: boolean; policy: string };
}

/** The SPF value with every `a:OLD` (any qualifier, optional /cidr) naming NEW instead. */
export function swapSpfHost(spf: string, from: string, to: string): string {
  const escaped = from.replace(/\.$/, '').replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return spf.replace(new RegExp(`(^|\\s)([-+~?]?a:)${escaped}\\.?(?=[/\\s]|$)`, 'gi'), `$1$2${to}`);
}

/** The MTA-STS policy's mx names the host: nginx follows here, a policy hosted elsewhere is the user's to replace. */
function mtaStsLines(p: HostnamePlan): string[] {
  if (!p.mtaSts) return [];
  const url = `https://mta-sts.${p.domain}/.well-known/mta-sts.txt`;
  if (p.mtaSts.servedByServer) {
    return [`  - MTA-STS: the policy's mx becomes ${p.to}; nginx serves ${url} with /etc/chasquid/certs/${p.to}/'s certificate (reloaded); the _mta-sts record's id follows`];
  }
  return [
    `  - MTA-STS: the _mta-sts record's id follows; replace ${url} on your web host with (lines end with CRLF):`,
    ...p.mtaSts.policy.split('\r\n').filter(Boolean).map((line) => `      ${line}`),
  ];
}

export function describeHostnameChange(p: HostnamePlan): string[] {
  const how = p.dnsProvider === 'manual' ? 'shown for you to add; mailsetup waits' : `published through ${publisherName(p.dnsProvider)}`;
  const lines = [
    `Change this server's host name from ${p.from} to ${p.to}:`,
    `  - chasquid.conf: hostname "${p.to}", chasquid restarted`,
    p.reissue
      ? `  - certificate: ${p.reissue}; a new one is issued for ${p.names.join(', ')} (the certificate step)`
      : `  - certificate: the current one covers ${p.to}; the reload hook now places it (and its renewals) in /etc/chasquid/certs/${p.to}/`,
    `  - DNS, ${how}: A/AAAA of ${p.to} -> ${p.addresses.join(', ')}${p.receiving ? `, MX of ${p.domain} -> ${p.to}` : ''}${p.spfHasOldName ? `, SPF a:${p.from} -> a:${p.to}` : ''}`,
    p.ptrByMailsetup
      ? `  - reverse DNS: the PTR of ${p.addresses.join(', ')} -> ${p.to}, published in the reverse zone`
      : `  - reverse DNS: set the PTR of ${p.addresses.join(', ')} to ${p.to} in your host's panel (mailsetup cannot reach the reverse zone)`,
    ...mtaStsLines(p),
    `  - kept: the A/AAAA records of ${p.from} (mail in flight may still use that name); remove them once nothing does`,
    `  - /etc/chasquid/certs/${p.from}/ is removed once chasquid serves the certificate for ${p.to}`,
  ];
  return p.from === p.to ? lines.slice(0, 1).concat('  (already the name in the state: finishing what a previous run left)', lines.slice(1)) : lines;
}
