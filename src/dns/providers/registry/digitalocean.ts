import { acmeShHeader } from './exposure.js';
import type { ProviderEntry } from './types.js';

export const digitalocean: ProviderEntry = {
  id: 'digitalocean',
  title: 'DigitalOcean',
  credentials: [
    {
      env: { lego: 'DO_AUTH_TOKEN', 'acme.sh': 'DO_API_KEY' },
      label: 'Personal access token',
      secret: true,
      records: 'token',
      create: 'a personal access token (API → Tokens → Generate New Token, custom scopes)',
      panelUrl: 'https://cloud.digitalocean.com/account/api/tokens',
      permission: 'domain: read, create, update, delete',
    },
  ],
  clients: {
    lego: { code: 'digitalocean', docs: 'https://go-acme.github.io/lego/dns/digitalocean/' },
    'acme.sh': { code: 'dns_dgon', sha256: 'ddc3b8f13b237c8f016d95594f3e4ab575643e248f68f9a348a9e30b9ee003f0', docs: 'https://github.com/acmesh-official/acme.sh/wiki/dnsapi#dns_dgon', exposesCredential: acmeShHeader('DO_API_KEY') },
  },
  records: { docs: 'https://docs.digitalocean.com/reference/api/digitalocean/#tag/Domain-Records' },
};
