import { acmeShBody } from './exposure.js';
import type { ProviderEntry } from './types.js';

const panelUrl = 'https://console.dnspod.cn/account/token/token';
const permission = 'the token reaches every domain of the account (DNSPod tokens have no narrower scope)';

export const dnspod: ProviderEntry = {
  id: 'dnspod',
  title: 'DNSPod.cn',
  credentials: [
    { env: { 'acme.sh': 'DP_Id' }, label: 'Token ID', secret: false, create: 'an API token (Account Center → API Token → Create)', panelUrl, permission },
    { env: { 'acme.sh': 'DP_Key' }, label: 'Token', secret: true, create: 'the token shown once with its ID', panelUrl, permission },
  ],
  clients: {
    'acme.sh': { code: 'dns_dp', sha256: 'a4b5b70c81235a033c6892359b09000097b88a0792b7029d14653a5494d282de', docs: 'https://github.com/acmesh-official/acme.sh/wiki/dnsapi#dns_dp', exposesCredential: acmeShBody('DP_Key') },
  },
};
