// The answers file's schema, as data: each key's type, whether it is
// required, its default and its validator. One table serves validation,
// error messages and the `--help` listing of keys.
import {
  validateDomain,
  validateEmail,
  validateHostAddress,
  validateUser,
  type Validator,
} from './validate.js';
import { SPAM_FILTER_CHOICES } from './answers.js';

export type FieldType = 'string' | 'number' | 'boolean' | 'string[]' | 'map';

export interface Field {
  type: FieldType;
  required?: boolean;
  validate?: Validator;
  oneOf?: readonly string[];
  describe: string;
  /** Holds a secret: accepted from the answers file, never saved in state. */
  secret?: boolean;
  /** A path on this computer: a leading ~/ is the user's home, expanded when the answers are read. */
  localPath?: boolean;
  /** For a map: what its keys must look like. */
  validateKey?: Validator;
  /** Read in one normal form (see names.ts): a domain or host name, or an address (its domain part); for a map, its keys. */
  normal?: 'name' | 'address';
}

const fo: Validator = (v) =>
  /^(0|1|d|s)(:(0|1|d|s))*$/.test(v) ? null : 'must be 0, 1, d, s or several joined by ":" (RFC 7489), e.g. 1 or d:s';

const fingerprint: Validator = (v) =>
  /^SHA256:[A-Za-z0-9+/]{43}$/.test(v) ? null : 'must be a fingerprint as `ssh-keygen -lf` prints it: SHA256: followed by 43 characters';

const hostPort: Validator = (v) => {
  const m = /^(\[[0-9a-f:]+\]|[^:]+)(?::(\d{1,5}))?$/i.exec(v);
  if (!m) return 'must be HOST or HOST:PORT';
  if (m[2] && (Number(m[2]) < 1 || Number(m[2]) > 65535)) return `has the port ${m[2]}: a port is from 1 to 65535`;
  return validateHostAddress(m[1]!.replace(/^\[|\]$/g, ''));
};

const url: Validator = (v) => (/^https:\/\/[^\s'"`]+$/.test(v) ? null : 'must be an https:// URL');
// No control characters in either form: a path lands in commands and files line by line.
const absolutePath: Validator = (v) => (/^(?:\/|~\/)[^\x00-\x1f\x7f]*$/.test(v) ? null : 'must be an absolute path without control characters');

// A git remote is handed to git: no option-looking value, no transport helper
// (`ext::` runs a command), no whitespace or control characters.
const gitRemote: Validator = (v) => {
  if (/[\x00-\x20\x7f]/.test(v)) return 'must not contain spaces or control characters';
  if (v.startsWith('-')) return 'must not start with "-"';
  if (/^[A-Za-z0-9+.-]+::/.test(v)) return 'must be an ssh://, https:// or user@host:path remote, not a transport helper';
  return /^(?:(?:ssh|https|git|file):\/\/.+|[A-Za-z0-9._-]+@[A-Za-z0-9.-]+:.+|\/.+)$/.test(v)
    ? null
    : 'must be a git remote such as git@git.example.com:me/mail-backup.git or ssh://host/path';
};

const envName: Validator = (v) => (/^[A-Za-z_][A-Za-z0-9_]{0,63}$/.test(v) ? null : 'is not a variable name: letters, digits and _ (such as CF_Token)');

const providerName: Validator = (v) => (/^[a-z0-9_.-]{1,64}$/i.test(v) ? null : 'must be a provider name such as dns_cf or cloudflare');

export const answersSchema: Record<string, Field> = {
  'host.address': { type: 'string', required: true, validate: validateHostAddress, describe: 'server IP or host name (an ~/.ssh/config alias works)' },
  'host.user': { type: 'string', validate: validateUser, describe: 'SSH login user (default root; others use sudo)' },
  'host.port': { type: 'number', describe: 'SSH port (default 22)' },
  'host.identity': { type: 'string', validate: absolutePath, localPath: true, describe: 'private key file for SSH' },
  'host.hostKeyFingerprint': { type: 'string', validate: fingerprint, describe: 'pinned host key; required for --yes on first contact' },
  'host.profile': { type: 'string', validate: providerName, describe: 'hosting provider profile (contabo, hetzner, ...)' },
  domain: { type: 'string', required: true, validate: validateDomain, normal: 'name', describe: 'mail domain, e.g. example.com' },
  hostname: { type: 'string', validate: validateDomain, normal: 'name', describe: 'server name for rDNS (default smtp.<domain>)' },
  'ipv6.enable': { type: 'boolean', describe: 'enable IPv6 on the server (default true)' },
  'tls.client': { type: 'string', oneOf: ['acme.sh', 'lego'], describe: 'ACME client (default lego, or acme.sh for a dns_* provider; acme.sh puts most providers\' tokens on command lines, see SECURITY.md)' },
  'tls.dnsProvider': { type: 'string', required: true, validate: providerName, describe: 'DNS provider of the ACME client for DNS-01' },
  'tls.email': { type: 'string', validate: validateEmail, normal: 'address', describe: 'ACME account email (default postmaster@<domain>)' },
  'tls.acmeServer': { type: 'string', validate: url, describe: "ACME directory URL (default Let's Encrypt)" },
  'tls.acmeCaFile': { type: 'string', validate: absolutePath, localPath: true, describe: 'CA file (on this computer) of a private ACME server, uploaded for the ACME client' },
  'tls.acmeShTarball': { type: 'string', validate: absolutePath, localPath: true, describe: "acme.sh's pinned release tarball (on this computer), uploaded instead of downloaded; its files are sha256-checked either way" },
  senders: { type: 'string[]', validate: validateEmail, normal: 'address', describe: 'sender addresses to create' },
  'receiving.mode': { type: 'string', oneOf: ['forward', 'existing'], describe: 'forward mail to a mailbox, or keep an existing provider (MX untouched)' },
  'receiving.forwardTo': { type: 'string', validate: validateEmail, normal: 'address', describe: 'mailbox that receives forwarded mail' },
  'receiving.spamFilter': {
    type: 'string',
    oneOf: SPAM_FILTER_CHOICES,
    describe: 'spam filter before forwarding, spam refused at SMTP time (default spamassassin: about half the memory of rspamd; the receiving screen shows the measured MB)',
  },
  'dns.provider': { type: 'string', oneOf: ['manual', 'rfc2136'], describe: 'how records are published (default manual)' },
  'dns.server': { type: 'string', validate: hostPort, describe: 'rfc2136: primary DNS server IP[:port]' },
  'dns.tsigKeyName': { type: 'string', validate: validateDomainOrKey, describe: 'rfc2136: TSIG key name' },
  'dns.tsigAlgorithm': { type: 'string', oneOf: ['hmac-sha256', 'hmac-sha512'], describe: 'rfc2136: TSIG algorithm' },
  'dmarc.policy': { type: 'string', oneOf: ['none', 'quarantine', 'reject'], describe: 'DMARC p= (default quarantine)' },
  'dmarc.fo': { type: 'string', validate: fo, describe: 'DMARC fo= (default 1)' },
  'dmarc.rua': { type: 'string', validate: validateEmail, normal: 'address', describe: 'aggregate report address' },
  'dmarc.ruf': { type: 'string', validate: validateEmail, normal: 'address', describe: 'forensic report address' },
  'backup.dir': { type: 'string', validate: absolutePath, localPath: true, describe: 'local git repository for the configuration backup' },
  'backup.remote': { type: 'string', validate: gitRemote, describe: 'private git remote to push the backup to' },
  'backup.includeDkimKey': { type: 'boolean', describe: 'also back up the DKIM private key (default false)' },
  'testMail.to': { type: 'string', validate: validateEmail, normal: 'address', describe: 'address that receives the test mail' },
  'preflight.outboundTarget': { type: 'string', validate: hostPort, describe: 'host[:port] to test outbound SMTP against' },
  'secrets.senders': { type: 'map', secret: true, validateKey: validateEmail, normal: 'address', describe: 'sender address -> password' },
  'secrets.dnsCredentials': { type: 'map', secret: true, validateKey: envName, describe: 'ACME DNS provider variables (CF_Token, ...)' },
  'secrets.tsigSecret': { type: 'string', secret: true, describe: 'rfc2136 TSIG secret (base64)' },
  'secrets.sudoPassword': { type: 'string', secret: true, describe: 'sudo password for a non-root user' },
};

function validateDomainOrKey(v: string): string | null {
  return /^[a-z0-9][a-z0-9._-]{0,253}\.?$/i.test(v) ? null : 'must be a key name such as mailsetup-key';
}
