import { acmeShHmac } from './exposure.js';
import type { ProviderEntry } from './types.js';

const panelUrl = 'https://ram.console.aliyun.com/users';
const permission = 'AliyunDNSFullAccess (a RAM user with only that policy)';

export const alibaba: ProviderEntry = {
  id: 'alibaba',
  title: 'Alibaba Cloud DNS',
  credentials: [
    { env: { lego: 'ALICLOUD_ACCESS_KEY', 'acme.sh': 'Ali_Key' }, label: 'AccessKey ID', secret: false, create: 'a RAM user with an AccessKey pair', panelUrl, permission },
    { env: { lego: 'ALICLOUD_SECRET_KEY', 'acme.sh': 'Ali_Secret' }, label: 'AccessKey secret', secret: true, create: "the AccessKey pair's secret, shown once", panelUrl, permission },
    { env: { lego: 'ALICLOUD_REGION_ID' }, label: 'Region ID', secret: false, optional: true, create: 'nothing: a region such as cn-hangzhou (the default)', panelUrl: 'https://www.alibabacloud.com/help/en/dns', permission: 'none (a region name)' },
  ],
  clients: {
    lego: { code: 'alidns', docs: 'https://go-acme.github.io/lego/dns/alidns/' },
    'acme.sh': { code: 'dns_ali', sha256: 'f21d59fbe56c5424780af56ea60126b5a75181b131c47b74e4b3fe8d0ce55b36', docs: 'https://github.com/acmesh-official/acme.sh/wiki/dnsapi#dns_ali', exposesCredential: acmeShHmac('Ali_Secret') },
  },
};
