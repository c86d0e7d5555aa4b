// Secrets live in memory only. They come from prompts, from the answers
// file's `secrets:` section, or from MAILSETUP_* environment variables, and
// are never written to the state file, logs or a remote command line.
import { PROVIDERS } from '../dns/providers/registry/index.js';
import { validateSecret } from './validate.js';

export interface Secrets {
  /** Sender address -> password. */
  senderPasswords: Record<string, string>;
  /** Environment variables of the ACME client's DNS provider (CF_Token, RFC2136_TSIG_SECRET, ...). */
  dnsCredentials: Record<string, string>;
  /** TSIG secret for the rfc2136 DNS provider (base64). */
  tsigSecret?: string;
  sshPassword?: string;
  sudoPassword?: string;
  keyPassphrase?: string;
}

export const emptySecrets = (): Secrets => ({ senderPasswords: {}, dnsCredentials: {} });

/**
 * Provider variables the registry declares as settings, not secrets (an
 * address, a key NAME, a zone ID, a key file's path): masking them would hide
 * what a log or an error needs to show. Every other variable, including one
 * any provider declares secret or none declares at all, is masked.
 */
const variables = (secret: boolean) => new Set(PROVIDERS.flatMap((p) => p.credentials.filter((f) => f.secret === secret).flatMap((f) => Object.values(f.env))));
const SECRET_SOMEWHERE = variables(true);
const NOT_SECRET = new Set([...variables(false)].filter((name) => !SECRET_SOMEWHERE.has(name)));

/** The values among a DNS provider's variables that must be masked. */
export function credentialSecrets(env: Record<string, string>): string[] {
  return Object.entries(env)
    .filter(([name]) => !NOT_SECRET.has(name))
    .map(([, value]) => value);
}

/** Every secret value, for redaction of logs and error messages. */
export function secretValues(secrets: Secrets): string[] {
  const values = [
    ...Object.values(secrets.senderPasswords),
    ...credentialSecrets(secrets.dnsCredentials),
    secrets.tsigSecret,
    secrets.sshPassword,
    secrets.sudoPassword,
    secrets.keyPassphrase,
  ];
  return values.filter((v): v is string => typeof v === 'string' && v.length >= 4);
}

/** MAILSETUP_TSIG_SECRET, MAILSETUP_SSH_PASSWORD, MAILSETUP_SUDO_PASSWORD, MAILSETUP_DNS_<VAR>; each one line without NUL. */
export function secretsFromEnv(env: NodeJS.ProcessEnv, into: Secrets = emptySecrets()): Secrets {
  const read = (name: string): string | undefined => {
    const value = env[name];
    const problem = value ? validateSecret(value) : null;
    if (problem) throw new Error(`the environment variable ${name} ${problem}; its value is not shown`);
    return value || undefined;
  };
  const tsig = read('MAILSETUP_TSIG_SECRET');
  const ssh = read('MAILSETUP_SSH_PASSWORD');
  const sudo = read('MAILSETUP_SUDO_PASSWORD');
  if (tsig) into.tsigSecret = tsig;
  if (ssh) into.sshPassword = ssh;
  if (sudo) into.sudoPassword = sudo;
  for (const key of Object.keys(env)) {
    const value = key.startsWith('MAILSETUP_DNS_') ? read(key) : undefined;
    if (value) into.dnsCredentials[key.slice('MAILSETUP_DNS_'.length)] = value;
  }
  return into;
}
