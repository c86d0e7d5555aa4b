import { acmeShHeader } from './exposure.js';
import type { ProviderEntry } from './types.js';

export const hetzner: ProviderEntry = {
  id: 'hetzner',
  title: 'Hetzner DNS',
  credentials: [
    {
      env: { lego: 'HETZNER_API_KEY', 'acme.sh': 'HETZNER_Token' },
      label: 'DNS API token',
      secret: true,
      records: 'token',
      create: 'an API token of the DNS Console (Manage API tokens → Create access token)',
      panelUrl: 'https://dns.hetzner.com/settings/api-token',
      permission: 'the token reaches every zone of the account (Hetzner DNS has no narrower scope)',
    },
  ],
  clients: {
    lego: { code: 'hetzner', docs: 'https://go-acme.github.io/lego/dns/hetzner/' },
    'acme.sh': { code: 'dns_hetzner', sha256: '68e10e993b8fe902746a57de718bfa50333a96057e1189aaee3c0ffa666fb667', docs: 'https://github.com/acmesh-official/acme.sh/wiki/dnsapi#dns_hetzner', exposesCredential: acmeShHeader('HETZNER_Token') },
  },
  records: { docs: 'https://dns.hetzner.com/api-docs' },
};
