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
      code: 'dns_gandi_livedns',
      docs: 'https://github.com/acmesh-official/acme.sh/wiki/dnsapi#dns_gandi_livedns',
      exposesCredential: acmeShHeader('GANDI_LIVEDNS_TOKEN'),
    },
  },
};
