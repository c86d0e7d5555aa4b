// The record clients of the registry's providers that have an API: one line
// per provider, from its registry id to the client that publishes through
// it. Credentials come from the certificate client's variables
// (recordCredentials), named as each client reads them.
import { findProviderEntry, recordCredentials } from './registry/index.js';
import { cloudflareProvider } from './cloudflare.js';
import { digitaloceanProvider } from './digitalocean.js';
import { hetznerProvider } from './hetzner.js';
import { powerdnsProvider } from './powerdns.js';
import type { DnsProvider } from './types.js';

type Factory = (credentials: Record<string, string>, domain: string) => DnsProvider;

const CLIENTS: Record<string, { needs: string[]; make: Factory }> = {
  powerdns: { needs: ['url', 'key'], make: (c, domain) => powerdnsProvider({ url: c.url!, key: c.key!, serverId: c.serverId, domain }) },
  cloudflare: { needs: ['token'], make: (c, domain) => cloudflareProvider({ token: c.token!, domain }) },
  hetzner: { needs: ['token'], make: (c, domain) => hetznerProvider({ token: c.token!, domain }) },
  digitalocean: { needs: ['token'], make: (c, domain) => digitaloceanProvider({ token: c.token!, domain }) },
};

/** The provider's record client; throws naming the missing credential fields and where they are set. */
export function apiProvider(id: string, env: Record<string, string>, domain: string): DnsProvider {
  const entry = findProviderEntry(id);
  const client = Object.hasOwn(CLIENTS, id) ? CLIENTS[id] : undefined;
  if (!entry?.records || !client) throw new Error(`${id} is not a DNS provider mailsetup publishes records through`);
  const credentials = recordCredentials(entry, env);
  const missing = client.needs.filter((n) => !credentials[n]);
  if (missing.length) {
    const fields = entry.credentials.filter((f) => f.records && missing.includes(f.records));
    const names = fields.map((f) => `${f.label} (${Object.values(f.env).join(' or ')})`).join(', ');
    throw new Error(`publishing through ${entry.title} needs ${names}: give it as MAILSETUP_DNS_<NAME> or in the answers file's secrets.dnsCredentials`);
  }
  return client.make(credentials, domain);
}

/** True when records go through a provider's API (not manual, not rfc2136). */
export const isApiProvider = (id: string): boolean => Object.hasOwn(CLIENTS, id) && Boolean(findProviderEntry(id)?.records);
