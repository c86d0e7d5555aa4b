import { acmeShBody } from './exposure.js';
import type { ProviderEntry } from './types.js';

const panelUrl = 'https://ap.www.namecheap.com/settings/tools/apiaccess/';
const permission = "API access turned on, with the server's public IPv4 address whitelisted";

export const namecheap: ProviderEntry = {
  id: 'namecheap',
  title: 'Namecheap',
  credentials: [
    { env: { lego: 'NAMECHEAP_API_USER', 'acme.sh': 'NAMECHEAP_USERNAME' }, label: 'Account user name', secret: false, create: 'nothing: your Namecheap user name', panelUrl, permission },
    { env: { lego: 'NAMECHEAP_API_KEY', 'acme.sh': 'NAMECHEAP_API_KEY' }, label: 'API key', secret: true, create: 'the API key (Profile → Tools → API Access)', panelUrl, permission },
    { env: { 'acme.sh': 'NAMECHEAP_SOURCEIP' }, label: "The server's public IPv4 address", secret: false, create: 'nothing: the address you whitelisted', panelUrl, permission },
  ],
  clients: {
    lego: { code: 'namecheap', docs: 'https://go-acme.github.io/lego/dns/namecheap/' },
    'acme.sh': { code: 'dns_namecheap', sha256: 'ca5efd188ba165322ad19019fd9a55a7142999f09f8f2118afa463c7357d35a3', docs: 'https://github.com/acmesh-official/acme.sh/wiki/dnsapi#dns_namecheap', exposesCredential: acmeShBody('NAMECHEAP_API_KEY') },
  },
};
