// Input validators shared by the prompts, the answers file and the steps.
// Each returns null when the value is fine, or a message that says what is
// wrong and how to fix it, so every place that takes input refuses it the
// same way.

import { shown } from './shown.js';

export type Validator = (value: string) => string | null;

const LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;

/** A DNS name in ASCII (IDN must be given as punycode, so look-alikes are visible). */
export const validateDomain: Validator = (value) => {
  if (value.length === 0) return 'is empty: type a domain such as example.com';
  if (/[^\x21-\x7e]/.test(value)) {
    return /[^\x00-\x7f]/.test(value)
      ? 'contains non-ASCII characters: write an internationalized domain in its punycode form (xn--...), so look-alike letters cannot hide in it'
      : 'contains spaces or control characters: type the domain alone, e.g. example.com';
  }
  const name = value.toLowerCase().replace(/\.$/, '');
  if (name.length > 253) return `is ${name.length} characters long: a domain name has at most 253`;
  const labels = name.split('.');
  if (labels.length < 2) return 'needs at least two labels, e.g. example.com';
  for (const label of labels) {
    if (label.length === 0) return 'has an empty label (two dots in a row, or a leading dot)';
    if (label.length > 63) return `has a label of ${label.length} characters ("${label.slice(0, 12)}..."): a label has at most 63`;
    if (!LABEL.test(label)) return `has the label "${label}": use only letters, digits and inner hyphens`;
  }
  if (/^\d+$/.test(labels[labels.length - 1]!)) return 'ends in a number: type a domain name, not an IP address';
  return null;
};

/** A mailbox address we are willing to put into chasquid's files: no quoting, no commas. */
export const validateEmail: Validator = (value) => {
  // Before any pattern: a regular expression over megabytes can exhaust the stack (a RangeError, not a refusal).
  if (value.length > 254) return `is ${value.length} characters long: an address has at most 254`;
  const at = value.lastIndexOf('@');
  if (at <= 0) return 'is not an email address: type it as name@example.com';
  const local = value.slice(0, at);
  if (!/^[A-Za-z0-9!#$%&*+/=?^_{|}~-]+(?:\.[A-Za-z0-9!#$%&*+/=?^_{|}~-]+)*$/.test(local) || /['`"\\,\s]/.test(local)) {
    return `has the local part ${shown(local)}: use letters, digits and . _ + - (no quotes, commas, spaces or backticks)`;
  }
  if (local.length > 64) return 'has a local part longer than 64 characters';
  // chasquid runs an alias target that starts with "|" as a command, reads an
  // aliases line that starts with "#" as a comment, and a leading "-" reads
  // as an option to any tool given the address.
  if (!/^[A-Za-z0-9]/.test(local)) return `has the local part ${shown(local)}, which starts with "${local[0]}": start it with a letter or digit`;
  const domainError = validateDomain(value.slice(at + 1));
  return domainError ? `has a domain that ${domainError}` : null;
};

export const validatePort: Validator = (value) => {
  if (!/^\d{1,5}$/.test(value)) return 'is not a port number: type a whole number from 1 to 65535';
  const port = Number(value);
  return port >= 1 && port <= 65535 ? null : `is ${port}: a port is from 1 to 65535`;
};

/** DKIM selector: one DNS label. */
export const validateSelector: Validator = (value) =>
  LABEL.test(value) ? null : 'must be one DNS label: letters, digits and inner hyphens, at most 63 characters';

/** A Unix login name for SSH. */
export const validateUser: Validator = (value) =>
  /^[a-z_][a-z0-9_.-]{0,31}$/i.test(value) ? null : 'is not a valid login name: letters, digits, _ . - and at most 32 characters';

export const validateIpv4: Validator = (value) => {
  const parts = value.split('.');
  return parts.length === 4 && parts.every((p) => /^\d{1,3}$/.test(p) && Number(p) <= 255)
    ? null
    : 'is not an IPv4 address such as 203.0.113.7';
};

/** A host address: an IP or a DNS name. */
export const validateHostAddress: Validator = (value) => {
  if (value.includes(':')) return /^[0-9a-f:]+$/i.test(value) ? null : 'is not an IPv6 address';
  if (/^[\d.]+$/.test(value)) return validateIpv4(value);
  // A single-label name is fine here: it may be an alias from ~/.ssh/config.
  if (/^[a-z0-9](?:[a-z0-9.-]*[a-z0-9])?$/i.test(value) && value.length <= 253) return null;
  return 'is not a host name or IP address';
};

/** A sender password: long enough to resist guessing, one line (it travels as one stdin line). */
export const validatePassword: Validator = (value) => {
  if (/[\r\n\0]/.test(value)) return 'contains a line break or NUL: a password must be one line';
  if ([...value].length < 8) return 'is shorter than 8 characters: use a longer one, or leave it empty to have one generated';
  return null;
};

/**
 * Any secret (password, token, TSIG secret): one line, no NUL. A secret
 * travels as one stdin line or one shell word, and a NUL cannot be quoted at
 * all; refused here, before an error could repeat it in an escaped form that
 * masking no longer recognises. The message never contains the value.
 */
export const validateSecret: Validator = (value) =>
  /[\r\n\0]/.test(value) ? 'contains a line break or NUL: a secret must be one line of text' : null;
