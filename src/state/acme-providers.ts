// The DNS providers of each ACME client and the variables each one takes,
// from the provider registry (src/dns/providers/registry/). A provider name
// reaches the client's command line (`--dns NAME`), and a variable name is
// exported as root on the server, so both come from the registry only:
// looked up as its own properties, so `__proto__` or `toString` is no
// provider, and a variable only when the provider declares it.
import { clientProviders, findClientProvider, type ClientProvider } from '../dns/providers/registry/index.js';
import type { TlsClient } from './answers.js';

export interface ProviderProfile {
  title: string;
  required: string[];
  optional: string[];
  /** The registry's view: plugin and described credential fields. */
  provider: ClientProvider;
}

export interface ProviderList {
  client: TlsClient;
  docs: string;
  providers: Record<string, ProviderProfile>;
}

const DOCS: Record<TlsClient, string> = {
  lego: 'https://go-acme.github.io/lego/dns/',
  'acme.sh': 'https://github.com/acmesh-official/acme.sh/wiki/dnsapi',
};

const cache = new Map<TlsClient, ProviderList>();

const profileOf = (provider: ClientProvider): ProviderProfile => ({
  title: provider.entry.title,
  required: provider.fields.filter((f) => !f.optional).map((f) => f.name),
  optional: provider.fields.filter((f) => f.optional).map((f) => f.name),
  provider,
});

export function providerList(client: TlsClient): ProviderList {
  let list = cache.get(client);
  if (!list) {
    const providers = Object.create(null) as Record<string, ProviderProfile>;
    for (const [code, provider] of Object.entries(clientProviders(client))) providers[code] = profileOf(provider);
    list = { client, docs: DOCS[client], providers };
    cache.set(client, list);
  }
  return list;
}

/** The provider's profile, or undefined when the name is not in the client's list. */
export function findProvider(client: TlsClient, name: string): ProviderProfile | undefined {
  if (!findClientProvider(client, name)) return undefined;
  const { providers } = providerList(client);
  return Object.hasOwn(providers, name) ? providers[name] : undefined;
}

/**
 * The client when the answers do not name one: lego (it keeps tokens off
 * the server's command lines), unless the provider is written as only
 * acme.sh names it (`dns_cf`), so older answers files keep their meaning.
 */
export function defaultClient(dnsProvider: string | undefined): TlsClient {
  return dnsProvider !== undefined && !findClientProvider('lego', dnsProvider) && findClientProvider('acme.sh', dnsProvider) ? 'acme.sh' : 'lego';
}

/** Why `name` is not a provider of `client`, or null. */
export function providerProblem(client: TlsClient, name: string): string | null {
  if (findProvider(client, name)) return null;
  const list = providerList(client);
  return `is not a DNS provider of ${client}: choose one of ${Object.keys(list.providers).join(', ')} (see ${list.docs})`;
}

/** Why these credential names are not all the provider's own, or null. */
export function credentialNamesProblem(client: TlsClient, name: string, given: string[]): string | null {
  const profile = findProvider(client, name);
  if (!profile) return null; // the provider itself is refused on its own
  const declared = new Set([...profile.required, ...profile.optional]);
  const stray = given.filter((n) => !declared.has(n));
  if (!stray.length) return null;
  return `${stray.join(', ')} ${stray.length > 1 ? 'are' : 'is'} not a variable of ${profile.title} for ${client}: give only ${[...declared].join(', ')}`;
}
