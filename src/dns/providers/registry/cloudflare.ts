import { acmeShHeader } from './exposure.js';
import type { ProviderEntry } from './types.js';

export const cloudflare: ProviderEntry = {
  id: 'cloudflare',
  title: 'Cloudflare',
  credentials: [
    {
      env: { lego: 'CLOUDFLARE_DNS_API_TOKEN', 'acme.sh': 'CF_Token' },
      label: 'API token',
      secret: true,
      records: 'token',
      create: 'a custom API token (My Profile → API Tokens → Create Token → "Edit zone DNS")',
      panelUrl: 'https://dash.cloudflare.com/profile/api-tokens',
      permission: 'Zone → DNS → Edit, for the zone of your mail domain only',
    },
    {
      env: { lego: 'CLOUDFLARE_ZONE_API_TOKEN' },
      label: 'Zone-read API token',
      secret: true,
      optional: true,
      create: 'a second API token, only if the first may not read the zone list',
      panelUrl: 'https://dash.cloudflare.com/profile/api-tokens',
      permission: 'Zone → Zone → Read',
    },
    {
      env: { 'acme.sh': 'CF_Account_ID' },
      label: 'Account ID',
      secret: false,
      optional: true,
      create: "the account ID (the domain's Overview page, right column)",
      panelUrl: 'https://dash.cloudflare.com/',
      permission: 'none (an identifier, not a secret)',
    },
    {
      env: { 'acme.sh': 'CF_Zone_ID' },
      label: 'Zone ID',
      secret: false,
      optional: true,
      create: "the zone ID (the domain's Overview page, right column); lets a token limited to one zone find it",
      panelUrl: 'https://dash.cloudflare.com/',
      permission: 'none (an identifier, not a secret)',
    },
  ],
  clients: {
    lego: { code: 'cloudflare', docs: 'https://go-acme.github.io/lego/dns/cloudflare/' },
    'acme.sh': { code: 'dns_cf', sha256: '9628ee8238cb3f9cfa1b1a985c0e9593436a3e4f8a9d65a6f775b981be9e76c8', docs: 'https://github.com/acmesh-official/acme.sh/wiki/dnsapi#dns_cf', exposesCredential: acmeShHeader('CF_Token') },
  },
  records: { docs: 'https://developers.cloudflare.com/api/resources/dns/subresources/records/' },
};
