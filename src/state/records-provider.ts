// One provider, one credential: when the records go through a provider's API
// (dns.provider powerdns, ...), the certificate's DNS provider must be the
// same provider, whose credential then serves both jobs.
import { entryOfPlugin, findProviderEntry } from '../dns/providers/registry/index.js';
import type { TlsClient } from './answers.js';

/** Why dns.provider cannot go with this certificate provider, or null. */
export function recordsProviderProblem(records: string, client: TlsClient, certProvider: string): string | null {
  const entry = findProviderEntry(records);
  if (!entry?.records) return null; // manual and rfc2136 take their own settings
  const plugin = entry.clients[client];
  if (entryOfPlugin(client, certProvider) === entry) return null;
  return `${records} publishes the records with the certificate's DNS credential, so tls.dnsProvider must be ${plugin ? `"${plugin.code}"` : `a ${entry.title} plugin`} (${client}), not "${certProvider.slice(0, 40)}"`;
}
