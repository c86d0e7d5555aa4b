import { acmeShHeader } from './exposure.js';
import type { ProviderEntry } from './types.js';

const panelUrl = 'https://www.ovh.com/auth/api/createToken';
const permission = 'GET, POST, PUT, DELETE on /domain/zone/YOUR-DOMAIN/*';

export const ovh: ProviderEntry = {
  id: 'ovh',
  title: 'OVH',
  credentials: [
    {
      env: { lego: 'OVH_ENDPOINT', 'acme.sh': 'OVH_END_POINT' },
      label: 'API endpoint (ovh-eu, ovh-ca, ...)',
      secret: false,
      create: 'nothing: the endpoint of your OVH region',
      panelUrl: 'https://github.com/ovh/go-ovh#supported-apis',
      permission: 'none (a region name)',
    },
    { env: { lego: 'OVH_APPLICATION_KEY', 'acme.sh': 'OVH_AK' }, label: 'Application key', secret: false, create: 'an application with a consumer key (the token page creates all three)', panelUrl, permission },
    { env: { lego: 'OVH_APPLICATION_SECRET', 'acme.sh': 'OVH_AS' }, label: 'Application secret', secret: true, create: 'the application secret shown with the key', panelUrl, permission },
    { env: { lego: 'OVH_CONSUMER_KEY', 'acme.sh': 'OVH_CK' }, label: 'Consumer key', secret: true, create: 'the consumer key shown with the application', panelUrl, permission },
  ],
  clients: {
    lego: { code: 'ovh', docs: 'https://go-acme.github.io/lego/dns/ovh/' },
    'acme.sh': { code: 'dns_ovh', sha256: 'fddd89529053bed361ad990816690c6b58f3dd101ddea92084779deccb9f0cba', docs: 'https://github.com/acmesh-official/acme.sh/wiki/How-to-use-OVH-domain-api', exposesCredential: acmeShHeader('OVH_CK') },
  },
};
