// CAA (RFC 8659): which certificate authorities may issue for a name. A CA
// names itself in CAA by a domain of its own, its "CAA identity"; mailsetup
// knows the ACME CAs it offers. An ACME server not listed has no known
// identity (the lab's Pebble publishes none).
const IDENTITIES: [RegExp, string][] = [
  [/(^|\.)api\.letsencrypt\.org$/i, 'letsencrypt.org'],
  [/(^|\.)zerossl\.com$/i, 'sectigo.com'],
  [/(^|\.)pki\.goog$/i, 'pki.goog'],
  [/(^|\.)buypass\.(com|no)$/i, 'buypass.com'],
];

/** The CAA identity of an ACME directory URL; no URL means mailsetup's default, Let's Encrypt. */
export function caaIdentityOf(acmeDirectory?: string): string | undefined {
  if (!acmeDirectory) return 'letsencrypt.org';
  let host: string;
  try {
    host = new URL(acmeDirectory).hostname;
  } catch {
    return undefined;
  }
  return IDENTITIES.find(([pattern]) => pattern.test(host))?.[1];
}

/** The issuer domain of an `issue` value (`letsencrypt.org; validationmethods=dns-01` -> `letsencrypt.org`); '' for `;` (nobody). */
export const caaIssuer = (value: string): string => value.split(';')[0]!.trim().toLowerCase().replace(/\.$/, '');

/** The zone-file line that lets `identity` issue for `name`. */
export const caaIssueLine = (name: string, identity: string): string => `${name}. CAA 0 issue "${identity}"`;
