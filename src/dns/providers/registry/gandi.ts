import { acmeShHeader } from './exposure.js';
import type { ProviderEntry } from './types.js';

export const gandi: ProviderEntry = {
  id: 'gandi',
  title: 'Gandi LiveDNS',
  credentials: [
    {
      env: { lego: 'GANDIV5_PERSONAL_ACCESS_TOKEN', 'acme.sh': 'GANDI_LIVEDNS_TOKEN' },
      label: 'Personal access token',
      secret: true,
      create: 'a personal access token (Organizations → Manage → Personal Access Tokens → Create)',
      panelUrl: 'https://admin.gandi.net/organizations/account/pat',
      permission: 'Manage domain name technical configurations, for your mail domain only',
    },
  ],
  clients: {
    lego: { code: 'gandiv5', docs: 'https://go-acme.github.io/lego/dns/gandiv5/' },
    'acme.sh': {
      code: 'dns_gandi_livedns', sha256: '196f2c18394030a82760eb38108c2980c6826656e7656b57cad5069c699495e4',
      docs: 'https://github.com/acmesh-official/acme.sh/wiki/dnsapi#dns_gandi_livedns',
      exposesCredential: acmeShHeader('GANDI_LIVEDNS_TOKEN'),
    },
  },
};
