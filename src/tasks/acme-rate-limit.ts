// A CA that refuses an order for a rate limit (RFC 8555 problem type
// urn:ietf:params:acme:error:rateLimited, HTTP 429). Retrying at once only
// meets the same limit, and each failed try may count against another; so
// the message says when the CA allows the next try, as far as the ACME
// client's output tells it.
//
// lego prints the problem as "acme: error: 429 :: POST :: <url> ::
// urn:ietf:params:acme:error:rateLimited :: <detail>" and acme.sh prints the
// problem document; neither prints the Retry-After header, so the time comes
// from the detail, where Let's Encrypt writes "retry after 2026-11-28
// 14:10:39 UTC".

const RATE_LIMITED = /urn:ietf:params:acme:error:rateLimited|\b429 :: |too many (certificates|new orders|failed authorizations|requests)/i;

export const isRateLimited = (output: string): boolean => RATE_LIMITED.test(output);

/** The time the CA names in its detail, or a Retry-After value in seconds, if the output has either. */
export function retryAfter(output: string, now: Date = new Date()): Date | undefined {
  const at = /retry after (\d{4}-\d\d-\d\d)[ T](\d\d:\d\d:\d\d)(?:\.\d+)? ?(?:UTC|Z)/i.exec(output);
  if (at) return new Date(`${at[1]}T${at[2]}Z`);
  const seconds = /retry-after:? *(\d+)\b/i.exec(output);
  if (seconds) return new Date(now.getTime() + Number(seconds[1]) * 1000);
  return undefined;
}

function inWords(ms: number): string {
  const minutes = Math.max(1, Math.round(ms / 60_000));
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return minutes % 60 ? `${hours} h ${minutes % 60} min` : `${hours} h`;
  return `${Math.round(hours / 24)} days`;
}

/** What to tell the user; `server` is the ACME directory (Let's Encrypt when unset). */
export function rateLimitHint(output: string, server: string | undefined, now: Date = new Date()): string {
  const ca = server ?? "Let's Encrypt";
  const when = retryAfter(output, now);
  const retry = when
    ? when.getTime() > now.getTime()
      ? `It allows the next try after ${when.toISOString().slice(0, 19).replace('T', ' ')} UTC (in about ${inWords(when.getTime() - now.getTime())}).`
      : `The retry time it gave (${when.toISOString().slice(0, 19).replace('T', ' ')} UTC) has passed.`
    : "The ACME client's output does not say when the limit ends; Let's Encrypt lists its limits and their windows at https://letsencrypt.org/docs/rate-limits/ (most end within hours, the weekly limit on certificates for the same names within 7 days).";
  return (
    `The ACME server ${ca} refused the certificate request: rate limited (too many recent requests for these names or this account). ${retry} ` +
    `Run mailsetup again after that; retrying sooner meets the same limit. No certificate was installed: the one chasquid has (if any) stays in use.`
  );
}
