// The addresses the checks are about: the server's own public interfaces when
// there is SSH (what it really sends from), else what the host name resolves
// to (all a stranger can know).
import { isIP } from 'node:net';
import { sh } from '../remote/quote.js';
import type { Remote } from '../remote/types.js';
import type { DnsResolver } from '../dns/resolve.js';
import type { ServerIps } from './context.js';
import { canonicalIp } from './ip-compare.js';

// Bridges of containers and VMs carry global addresses mail never leaves from.
const VIRTUAL_IFACE = /^(docker|br-|veth|virbr|lxc|lxd|cni|flannel|tun|tap|wg)/;

/** Parses `ip -o addr show scope global`. */
export function parseIpAddr(output: string): { v4: string[]; v6: string[] } {
  const v4: string[] = [];
  const v6: string[] = [];
  for (const line of output.split('\n')) {
    const m = /^\d+:\s+(\S+?)(?:@\S+)?\s+(inet6?)\s+([0-9a-f.:]+)\/\d+/i.exec(line.trim());
    if (!m || VIRTUAL_IFACE.test(m[1]!)) continue;
    // Privacy (temporary) and deprecated IPv6 addresses are not what PTR/SPF should name.
    if (/\b(temporary|deprecated|tentative|dadfailed)\b/.test(line)) continue;
    // The server's words become SPF and DNS records: only real addresses of the family.
    if (isIP(m[3]!) !== (m[2] === 'inet' ? 4 : 6)) continue;
    (m[2] === 'inet' ? v4 : v6).push(canonicalIp(m[3]!));
  }
  return { v4: [...new Set(v4)], v6: [...new Set(v6)] };
}

export async function serverIpsFromRemote(remote: Remote, timeoutMs: number): Promise<ServerIps | undefined> {
  const res = await remote.exec(sh`ip -o addr show scope global`, { allowFailure: true, readOnly: true, timeoutMs });
  if (res.code !== 0) return undefined;
  const ips = parseIpAddr(res.stdout);
  if (ips.v4.length + ips.v6.length === 0) return undefined;
  return { ...ips, source: `the interfaces of ${remote.target}` };
}

export async function serverIpsFromDns(hostname: string, dns: DnsResolver): Promise<ServerIps> {
  const [v4, v6] = await Promise.all([dns.a(hostname).catch(() => []), dns.aaaa(hostname).catch(() => [])]);
  return { v4: v4.map(canonicalIp), v6: v6.map(canonicalIp), source: `the DNS of ${hostname}` };
}
