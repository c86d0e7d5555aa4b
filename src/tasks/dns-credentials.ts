// The ACME client's DNS provider and the variables it needs. The profiles
// (the provider registry, src/dns/providers/registry/) list each provider's variables, so a missing one
// is caught before anything is written on the server.
import { credentialNamesProblem, findProvider, providerList, providerProblem, type ProviderList, type ProviderProfile } from '../state/acme-providers.js';
import type { TlsClient } from '../state/answers.js';
import type { StepContext } from './types.js';
import { quote } from '../remote/quote.js';
import { nsupdateEnv } from './acme-sh-nsupdate.js';

export type { ProviderProfile };

export function profiles(client: TlsClient): ProviderList {
  return providerList(client);
}

/** The provider's variables: the user's credentials, with the rfc2136/nsupdate ones filled from the DNS answers. */
export function providerEnv(ctx: StepContext): Record<string, string> {
  const { tls, dns } = ctx.answers;
  const env: Record<string, string> = {};
  if (tls.client === 'lego' && tls.dnsProvider === 'rfc2136' && dns.provider === 'rfc2136') {
    if (dns.server) env.RFC2136_NAMESERVER = dns.server;
    if (dns.tsigKeyName) env.RFC2136_TSIG_KEY = dns.tsigKeyName;
    if (ctx.secrets.tsigSecret) env.RFC2136_TSIG_SECRET = ctx.secrets.tsigSecret;
    if (dns.tsigAlgorithm) env.RFC2136_TSIG_ALGORITHM = dns.tsigAlgorithm.endsWith('.') ? dns.tsigAlgorithm : `${dns.tsigAlgorithm}.`;
  }
  return { ...env, ...nsupdateEnv(ctx), ...ctx.secrets.dnsCredentials };
}

/**
 * Refuse early, naming what is missing and where to find it. The provider
 * must be in the client's list and every variable one it declares: saved
 * answers and MAILSETUP_DNS_* variables reach here without the answers
 * file's checks, and a name like LD_PRELOAD or BASH_ENV would be exported as
 * root on the server.
 */
export function checkProviderEnv(ctx: StepContext): Record<string, string> {
  const { client, dnsProvider } = ctx.answers.tls;
  const file = profiles(client);
  const profile = findProvider(client, dnsProvider);
  if (!profile) throw new Error(`tls.dnsProvider "${dnsProvider.slice(0, 40)}" ${providerProblem(client, dnsProvider)}`);
  const env = providerEnv(ctx);
  const stray = credentialNamesProblem(client, dnsProvider, Object.keys(env));
  if (stray) throw new Error(`DNS credentials: ${stray} (MAILSETUP_DNS_<NAME> or the answers file's secrets.dnsCredentials)`);
  const missing = profile.required.filter((name) => !env[name]);
  if (missing.length) {
    throw new Error(
      `${profile.title} needs ${missing.join(', ')} for ${client}. Set them as MAILSETUP_DNS_${missing[0]} (and so on) or in the answers file's secrets; see ${file.docs}`,
    );
  }
  return env;
}

/** `export NAME='value'` lines: the body of a root-only file or of a command's stdin, never argv. */
export function envFileBody(env: Record<string, string>): string {
  return Object.entries(env)
    .map(([name, value]) => {
      if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) throw new Error(`not a valid variable name: ${name}`);
      return `${name}=${quote(value)}`;
    })
    .join('\n')
    .concat('\n');
}
