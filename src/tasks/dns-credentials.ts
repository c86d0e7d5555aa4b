// The ACME client's DNS provider and the variables it needs. The profiles
// (assets/providers/*.json) list each provider's variables, so a missing one
// is caught before anything is written on the server.
import type { TlsClient } from '../state/answers.js';
import { asset } from './assets.js';
import type { StepContext } from './types.js';
import { quote } from '../remote/quote.js';

export interface ProviderProfile {
  title: string;
  required: string[];
  optional: string[];
}

interface ProfileFile {
  client: TlsClient;
  docs: string;
  providers: Record<string, ProviderProfile>;
}

export function profiles(client: TlsClient): ProfileFile {
  return JSON.parse(asset(`providers/${client}.json`)) as ProfileFile;
}

/** The provider's variables: the user's credentials, with the rfc2136 ones filled from the DNS answers. */
export function providerEnv(ctx: StepContext): Record<string, string> {
  const { tls, dns } = ctx.answers;
  const env: Record<string, string> = {};
  if (tls.client === 'lego' && tls.dnsProvider === 'rfc2136' && dns.provider === 'rfc2136') {
    if (dns.server) env.RFC2136_NAMESERVER = dns.server;
    if (dns.tsigKeyName) env.RFC2136_TSIG_KEY = dns.tsigKeyName;
    if (ctx.secrets.tsigSecret) env.RFC2136_TSIG_SECRET = ctx.secrets.tsigSecret;
    if (dns.tsigAlgorithm) env.RFC2136_TSIG_ALGORITHM = dns.tsigAlgorithm.endsWith('.') ? dns.tsigAlgorithm : `${dns.tsigAlgorithm}.`;
  }
  return { ...env, ...ctx.secrets.dnsCredentials };
}

/** Refuse early, naming what is missing and where to find it. */
export function checkProviderEnv(ctx: StepContext): Record<string, string> {
  const { client, dnsProvider } = ctx.answers.tls;
  const file = profiles(client);
  const profile = file.providers[dnsProvider];
  const env = providerEnv(ctx);
  if (!profile) {
    // Not in our list: the client may still know it; the user supplies the variables.
    if (Object.keys(env).length === 0) {
      throw new Error(
        `no credentials for the DNS provider "${dnsProvider}". Give its variables (see ${file.docs}) as MAILSETUP_DNS_<VARIABLE> or in the answers file's secrets.`,
      );
    }
    return env;
  }
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
