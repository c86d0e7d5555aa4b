// The DNS providers of each ACME client and the variables each one takes,
// from assets/providers/*.json. A provider name reaches the client's command
// line (`--dns NAME`), and a variable name is exported as root on the server,
// so both come from these lists only: looked up as the list's own
// properties, so `__proto__` or `toString` is no provider.
import { readFileSync } from 'node:fs';
import type { TlsClient } from './answers.js';

export interface ProviderProfile {
  title: string;
  required: string[];
  optional: string[];
}

export interface ProviderList {
  client: TlsClient;
  docs: string;
  providers: Record<string, ProviderProfile>;
}

const cache = new Map<TlsClient, ProviderList>();

export function providerList(client: TlsClient): ProviderList {
  let list = cache.get(client);
  if (!list) {
    const url = new URL(`../../assets/providers/${client}.json`, import.meta.url);
    list = JSON.parse(readFileSync(url, 'utf8')) as ProviderList;
    for (const profile of Object.values(list.providers)) profile.optional ??= [];
    cache.set(client, list);
  }
  return list;
}

/** The provider's profile, or undefined when the name is not in the client's list. */
export function findProvider(client: TlsClient, name: string): ProviderProfile | undefined {
  const { providers } = providerList(client);
  return Object.hasOwn(providers, name) ? providers[name] : undefined;
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
