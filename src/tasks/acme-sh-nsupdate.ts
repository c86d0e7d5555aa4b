// acme.sh's dns_nsupdate with the DNS answers' own server and TSIG key:
// the plugin runs `nsupdate -k FILE`, so the secret stays in a root-only
// file on the server (like lego's env file) and never reaches a command
// line. acme.sh saves the variables for its renewals.
import { parseEndpoint } from '../dns/providers/rfc2136/transport.js';
import { MAILSETUP_DIR } from '../server/paths.js';
import type { StepContext } from './types.js';

export const NSUPDATE_KEY_FILE = `${MAILSETUP_DIR}/nsupdate.key`;

/** Whether the run's certificate goes through dns_nsupdate with the rfc2136 answers. */
export const usesNsupdate = (ctx: StepContext): boolean =>
  ctx.answers.tls.client === 'acme.sh' && ctx.answers.tls.dnsProvider === 'dns_nsupdate' && ctx.answers.dns.provider === 'rfc2136';

/** The plugin's variables from the DNS answers (a user's own NSUPDATE_* values win). */
export function nsupdateEnv(ctx: StepContext): Record<string, string> {
  const { dns, domain } = ctx.answers;
  if (!usesNsupdate(ctx) || !dns.server) return {};
  const { host, port } = parseEndpoint(dns.server);
  return { NSUPDATE_SERVER: host, NSUPDATE_SERVER_PORT: String(port), NSUPDATE_KEY: NSUPDATE_KEY_FILE, NSUPDATE_ZONE: domain };
}

/** The key file nsupdate reads (bind's `key` statement), or null when the answers hold no key. */
export function nsupdateKeyFile(ctx: StepContext): string | null {
  const { dns } = ctx.answers;
  const secret = ctx.secrets.tsigSecret;
  if (!usesNsupdate(ctx) || !dns.tsigKeyName || !secret) return null;
  // The schema allows these names and algorithms; the secret is checked
  // here because it is written between quotes into the file.
  if (!/^[A-Za-z0-9+/]+=*$/.test(secret)) throw new Error('the TSIG secret must be base64 (as tsig-keygen prints it)');
  if (!/^[A-Za-z0-9._-]+$/.test(dns.tsigKeyName)) throw new Error('the TSIG key name may hold only letters, digits, dots, dashes and underscores');
  const algorithm = (dns.tsigAlgorithm ?? 'hmac-sha256').replace(/\.$/, '');
  return `key "${dns.tsigKeyName.replace(/\.$/, '')}" {\n\talgorithm ${algorithm};\n\tsecret "${secret}";\n};\n`;
}
