// Every DNS provider mailsetup knows: one file each, one line here. The
// order is the wizard's. A provider is found by its own property only, so
// `__proto__` or `toString` is never one.
import { alibaba } from './alibaba.js';
import { cloudflare } from './cloudflare.js';
import { digitalocean } from './digitalocean.js';
import { dnspod } from './dnspod.js';
import { gandi } from './gandi.js';
import { hetzner } from './hetzner.js';
import { namecheap } from './namecheap.js';
import { ovh } from './ovh.js';
import { powerdns } from './powerdns.js';
import { rfc2136 } from './rfc2136.js';
import { route53 } from './route53.js';
import { tencentcloud } from './tencentcloud.js';
import type { CertClient, ClientPlugin, CredentialField, ProviderEntry } from './types.js';

export type { CertClient, ClientPlugin, CredentialField, ProviderEntry };

export const PROVIDERS: readonly ProviderEntry[] = [
  cloudflare,
  hetzner,
  digitalocean,
  ovh,
  gandi,
  route53,
  alibaba,
  tencentcloud,
  dnspod,
  namecheap,
  powerdns,
  rfc2136,
];

/** A client's view of one provider: its plugin and the fields it reads, each with the variable it reads it from. */
export interface ClientProvider {
  entry: ProviderEntry;
  plugin: ClientPlugin;
  fields: (CredentialField & { name: string })[];
}

const views = new Map<CertClient, Record<string, ClientProvider>>();

/** The providers of one client, keyed by that client's plugin code (what `tls.dnsProvider` holds). */
export function clientProviders(client: CertClient): Record<string, ClientProvider> {
  let view = views.get(client);
  if (!view) {
    view = Object.create(null) as Record<string, ClientProvider>;
    for (const entry of PROVIDERS) {
      const plugin = entry.clients[client];
      if (!plugin) continue;
      const fields = entry.credentials.flatMap((f) => (f.env[client] ? [{ ...f, name: f.env[client] }] : []));
      view[plugin.code] = { entry, plugin, fields };
    }
    views.set(client, view);
  }
  return view;
}

/** The provider whose `client` plugin is `code`, or undefined: own properties only. */
export function findClientProvider(client: CertClient, code: string): ClientProvider | undefined {
  const view = clientProviders(client);
  return Object.hasOwn(view, code) ? view[code] : undefined;
}

/** Providers whose API mailsetup publishes the records through (besides rfc2136 and manual). */
export const recordProviders = (): ProviderEntry[] => PROVIDERS.filter((p) => p.records);

/** The provider with this id, own entries only. */
export const findProviderEntry = (id: string): ProviderEntry | undefined => PROVIDERS.find((p) => p.id === id);

/** The provider whose `client` plugin is `code` (what tls.dnsProvider holds), or undefined. */
export const entryOfPlugin = (client: CertClient, code: string): ProviderEntry | undefined => findClientProvider(client, code)?.entry;

/**
 * The values the record client reads (`{ token, url }`), taken from the
 * certificate client's variables: one credential, typed once, serves both.
 */
export function recordCredentials(entry: ProviderEntry, env: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = Object.create(null) as Record<string, string>;
  for (const f of entry.credentials) {
    if (!f.records) continue;
    const value = Object.values(f.env).map((name) => (Object.hasOwn(env, name) ? env[name] : undefined)).find((v) => v);
    if (value) out[f.records] = value;
  }
  return out;
}

/** Who publishes the records, in words: the provider's title, or the user's own DNS server for rfc2136. */
export function publisherName(provider: string): string {
  const entry = provider === 'rfc2136' ? undefined : findProviderEntry(provider);
  return entry ? entry.title : 'your DNS server (RFC 2136)';
}
