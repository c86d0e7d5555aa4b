import { acmeShHmac } from './exposure.js';
import type { ProviderEntry } from './types.js';

const panelUrl = 'https://console.aws.amazon.com/iam/home#/users';
const permission = 'route53:ListHostedZonesByName, and route53:GetChange, ListResourceRecordSets, ChangeResourceRecordSets on the hosted zone';

export const route53: ProviderEntry = {
  id: 'route53',
  title: 'Amazon Route 53',
  credentials: [
    { env: { lego: 'AWS_ACCESS_KEY_ID', 'acme.sh': 'AWS_ACCESS_KEY_ID' }, label: 'Access key ID', secret: false, create: 'an IAM user with only this policy, then an access key for it', panelUrl, permission },
    { env: { lego: 'AWS_SECRET_ACCESS_KEY', 'acme.sh': 'AWS_SECRET_ACCESS_KEY' }, label: 'Secret access key', secret: true, create: "the access key's secret, shown once when it is created", panelUrl, permission },
    { env: { lego: 'AWS_REGION' }, label: 'Region (e.g. us-east-1)', secret: false, create: 'nothing: any AWS region (Route 53 is global)', panelUrl: 'https://docs.aws.amazon.com/general/latest/gr/r53.html', permission: 'none (a region name)' },
    {
      env: { lego: 'AWS_HOSTED_ZONE_ID' },
      label: 'Hosted zone ID',
      secret: false,
      optional: true,
      create: "the hosted zone's ID (Route 53 → Hosted zones), when the user may not list zones",
      panelUrl: 'https://console.aws.amazon.com/route53/v2/hostedzones',
      permission: 'none (an identifier, not a secret)',
    },
  ],
  clients: {
    lego: { code: 'route53', docs: 'https://go-acme.github.io/lego/dns/route53/' },
    'acme.sh': { code: 'dns_aws', sha256: 'e8a9200d8b5c1bf2c859e50887b631e727feeee0e50d3eccdc268ab4b91e2372', docs: 'https://github.com/acmesh-official/acme.sh/wiki/How-to-use-Amazon-Route53-API', exposesCredential: acmeShHmac('AWS_SECRET_ACCESS_KEY') },
  },
};
