import type { ProviderEntry } from './types.js';

const panelUrl = 'https://console.cloud.tencent.com/cam/capi';
const permission = 'QcloudDNSPodFullAccess (a sub-user with only that policy)';

export const tencentcloud: ProviderEntry = {
  id: 'tencentcloud',
  title: 'Tencent Cloud DNS (DNSPod)',
  credentials: [
    { env: { lego: 'TENCENTCLOUD_SECRET_ID' }, label: 'SecretId', secret: false, create: 'an API key of a sub-user', panelUrl, permission },
    { env: { lego: 'TENCENTCLOUD_SECRET_KEY' }, label: 'SecretKey', secret: true, create: "the API key's SecretKey", panelUrl, permission },
  ],
  clients: {
    lego: { code: 'tencentcloud', docs: 'https://go-acme.github.io/lego/dns/tencentcloud/' },
  },
};
