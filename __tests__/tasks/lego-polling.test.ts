// lego's propagation polling: mailsetup asks every second for rfc2136 (the
// record is on the primary at once), and never overrides what the user set.
import { pollingDefaults } from '../../src/tasks/lego.js';
import type { StepContext } from '../../src/tasks/types.js';

const ctxFor = (dnsProvider: string) => ({ answers: { tls: { dnsProvider } } }) as unknown as StepContext;

test('rfc2136 polls every second unless the user chose an interval', () => {
  expect(pollingDefaults(ctxFor('rfc2136'), { RFC2136_NAMESERVER: 'ns1.example.test:53' })).toEqual({ RFC2136_POLLING_INTERVAL: '1' });
  expect(pollingDefaults(ctxFor('rfc2136'), { RFC2136_POLLING_INTERVAL: '5' })).toEqual({});
});

test('other providers keep lego\'s own timing', () => {
  expect(pollingDefaults(ctxFor('cloudflare'), { CLOUDFLARE_DNS_API_TOKEN: 'x' })).toEqual({});
});
