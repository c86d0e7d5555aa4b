// Secrets (sudo and login passwords, API tokens) may be echoed back by a
// command or end up in an error: every log line and error text that leaves
// src/remote/ passes through `redact` first.

export const REDACTED = '***';

/** Replace every occurrence of each non-empty secret in `text` with `***`. */
/**
 * Values shorter than this are not masked: a one- or two-character setting
 * that travels with the secrets (lego's RFC2136_SEQUENCE_INTERVAL=1) would
 * otherwise turn every digit of an address into `***`. Real secrets are
 * longer (sender passwords are refused below 8 characters).
 */
export const MIN_SECRET_LENGTH = 4;

export function redact(text: string, secrets: ReadonlyArray<string | undefined> = []): string {
  // Longest first, so a secret that contains another is masked whole.
  const values = [...new Set(secrets.filter((s): s is string => typeof s === 'string' && s.length >= MIN_SECRET_LENGTH))].sort(
    (a, b) => b.length - a.length,
  );
  let out = text;
  for (const secret of values) out = out.split(secret).join(REDACTED);
  return out;
}
