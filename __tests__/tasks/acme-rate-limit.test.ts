// A rate-limited certificate request explained: the problem type recognised
// in lego's and acme.sh's output, the retry time read from the CA's detail
// (or a Retry-After value), and an honest message when neither says when.
import { describe, expect, test } from '@jest/globals';
import { isRateLimited, rateLimitHint, retryAfter } from '../../src/tasks/acme-rate-limit.js';
import { explainIssuanceFailure } from '../../src/tasks/acme-client.js';
import { RemoteCommandError } from '../../src/remote/types.js';
import type { StepContext } from '../../src/tasks/types.js';

const NOW = new Date('2026-11-28T12:00:00Z');
// As lego 4.x prints it (captured on the lab behind the fault proxy).
const LEGO =
  '\tacme: error: 429 :: POST :: https://acme-v02.api.letsencrypt.org/acme/new-order :: urn:ietf:params:acme:error:rateLimited :: ' +
  'too many certificates (5) already issued for this exact set of identifiers in the last 168h0m0s, retry after 2026-11-28 13:30:00 UTC: see https://letsencrypt.org/docs/rate-limits/';
// As acme.sh prints the problem document.
const ACME_SH = ['Error creating new order. Le_OrderFinalize not found. {', '  "type": "urn:ietf:params:acme:error:rateLimited",', '  "detail": "too many new orders recently",', '  "status": 429', '}'].join('\n');

describe('a rate-limited request', () => {
  test('is recognised in both clients, and other failures are not', () => {
    expect(isRateLimited(LEGO)).toBe(true);
    expect(isRateLimited(ACME_SH)).toBe(true);
    expect(isRateLimited('acme: error: 403 :: POST :: https://x/acme/new-order :: urn:ietf:params:acme:error:unauthorized :: no')).toBe(false);
    expect(isRateLimited('Could not create client: get directory at https://x/dir')).toBe(false);
  });

  test('the retry time comes from the detail, or from a Retry-After value', () => {
    expect(retryAfter(LEGO, NOW)?.toISOString()).toBe('2026-11-28T13:30:00.000Z');
    expect(retryAfter('HTTP/2 429\nRetry-After: 120\n', NOW)?.toISOString()).toBe('2026-11-28T12:02:00.000Z');
    expect(retryAfter(ACME_SH, NOW)).toBeUndefined();
  });

  test('the message says when to retry', () => {
    expect(rateLimitHint(LEGO, undefined, NOW)).toMatch(
      /^The ACME server Let's Encrypt refused the certificate request: rate limited .* It allows the next try after 2026-11-28 13:30:00 UTC \(in about 1 h 30 min\)\. Run mailsetup again after that/,
    );
    expect(rateLimitHint(LEGO, undefined, new Date('2026-11-28T14:00:00Z'))).toMatch(/The retry time it gave \(2026-11-28 13:30:00 UTC\) has passed\./);
  });

  test('and says so honestly when the output does not tell when', () => {
    const hint = rateLimitHint(ACME_SH, 'https://acme.example/dir', NOW);
    expect(hint).toMatch(/^The ACME server https:\/\/acme\.example\/dir refused/);
    expect(hint).toMatch(/output does not say when the limit ends; .*https:\/\/letsencrypt\.org\/docs\/rate-limits\//);
    expect(hint).not.toMatch(/allows the next try/);
  });

  test('explainIssuanceFailure puts it first, with the client\'s last lines', () => {
    const ctx = { answers: { domain: 'example.com', tls: { dnsProvider: 'cloudflare' } } } as unknown as StepContext;
    const error = explainIssuanceFailure(ctx, new RemoteCommandError('lego run', 1, ['Could not obtain certificates:', LEGO]), ['CF_DNS_API_TOKEN']);
    expect(error.message).toMatch(/^The ACME server Let's Encrypt refused the certificate request: rate limited/);
    expect(error.message).not.toMatch(/DNS provider/);
    expect(error.message).toMatch(/Last lines of the ACME client:\n {2}\| Could not obtain certificates:/);
  });
});

describe('the other explanations', () => {
  const ctx = { answers: { domain: 'example.test', tls: { dnsProvider: 'rfc2136' } } } as unknown as StepContext;
  const explain = (line: string) => explainIssuanceFailure(ctx, new RemoteCommandError('lego run', 1, [line]), ['RFC2136_NAMESERVER']).message;

  test('a resolver error whose source port contains 403 is not a refused credential', () => {
    const line = '[example.test] acme: error presenting token: rfc2136: failed to insert: could not find the start of authority for _acme-challenge.example.test.: read udp 10.77.5.12:39403->10.77.5.1:1: read: connection refused';
    expect(explain(line)).toMatch(/^Issuing the certificate failed/);
  });

  test('an HTTP 403 from the provider is', () => {
    expect(explain('desec: unexpected status code: [status code: 403] body: {}')).toMatch(/^The DNS provider "rfc2136" refused the credentials/);
  });
});
