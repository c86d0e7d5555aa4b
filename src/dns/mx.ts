// MX only when the server receives (catch-all forwarding): a domain that has
// a mailbox provider must keep its own MX, so this is never added by default.
import { DEFAULT_TTL, fqdn, type DnsRecord } from './types.js';

export const mxValue = (priority: number, host: string): string => `${priority} ${fqdn(host)}`;

export function parseMxValue(value: string): { priority: number; host: string } {
  const [priority, host] = value.trim().split(/\s+/);
  return { priority: Number(priority), host: fqdn(host ?? '') };
}

export function mxRecord(domain: string, hostname: string, priority = 10, ttl = DEFAULT_TTL): DnsRecord {
  return { name: fqdn(domain), type: 'MX', values: [mxValue(priority, hostname)], ttl, home: 'zone',
    purpose: `mail for ${fqdn(domain)} is delivered to the server, which forwards it` };
}
