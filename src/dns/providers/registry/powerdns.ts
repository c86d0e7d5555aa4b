import { acmeShHeader } from './exposure.js';
import { legoTuning } from './tuning.js';
import type { ProviderEntry } from './types.js';

const panelUrl = 'https://doc.powerdns.com/authoritative/http-api/index.html';

export const powerdns: ProviderEntry = {
  id: 'powerdns',
  title: 'PowerDNS (HTTP API)',
  credentials: [
    {
      env: { lego: 'PDNS_API_URL', 'acme.sh': 'PDNS_Url' },
      label: 'API URL (e.g. http://ns1.example.com:8081)',
      secret: false,
      create: 'nothing: the address of the webserver (webserver-address and webserver-port in pdns.conf)',
      panelUrl,
      permission: 'webserver-allow-from must let the server and this computer in',
      records: 'url',
    },
    {
      env: { lego: 'PDNS_API_KEY', 'acme.sh': 'PDNS_Token' },
      label: 'API key',
      secret: true,
      create: 'an API key (api=yes and api-key=... in pdns.conf)',
      panelUrl,
      permission: 'the API key reaches every zone of the server (PowerDNS keys have no narrower scope)',
      records: 'key',
    },
    {
      env: { lego: 'PDNS_SERVER_NAME', 'acme.sh': 'PDNS_ServerId' },
      label: 'Server id (usually localhost)',
      secret: false,
      create: 'nothing: the server id in the API path (/api/v1/servers/ID), "localhost" unless your setup says otherwise',
      panelUrl,
      permission: 'none (an identifier, not a secret)',
      records: 'serverId',
    },
    ...legoTuning('PDNS_', ['PDNS_POLLING_INTERVAL', 'PDNS_PROPAGATION_TIMEOUT', 'PDNS_TTL', 'PDNS_HTTP_TIMEOUT'], 'https://go-acme.github.io/lego/dns/pdns/'),
    {
      env: { 'acme.sh': 'PDNS_Ttl' },
      label: "acme.sh's TTL of the challenge record (seconds)",
      secret: false,
      optional: true,
      create: 'nothing: acme.sh uses 60 when empty',
      panelUrl: 'https://github.com/acmesh-official/acme.sh/wiki/dnsapi#dns_pdns',
      permission: 'none',
    },
  ],
  clients: {
    lego: { code: 'pdns', docs: 'https://go-acme.github.io/lego/dns/pdns/' },
    'acme.sh': { code: 'dns_pdns', sha256: '56b4fe0e06a57b1d468b4dbb9164c91c097d0a503c8a512a95d419a00c3255fc', docs: 'https://github.com/acmesh-official/acme.sh/wiki/dnsapi#dns_pdns', exposesCredential: acmeShHeader('PDNS_Token') },
  },
  records: { docs: 'https://doc.powerdns.com/authoritative/http-api/zone.html' },
};
