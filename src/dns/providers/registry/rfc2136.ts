import { legoTuning } from './tuning.js';
import type { ProviderEntry } from './types.js';

const panelUrl = 'https://bind9.readthedocs.io/en/latest/reference.html#dynamic-update-policies';
const permission = 'allow-update (or update-policy) for this key on the zone of your mail domain';

export const rfc2136: ProviderEntry = {
  id: 'rfc2136',
  title: 'Your own DNS server (RFC 2136 dynamic updates with TSIG)',
  credentials: [
    { env: { lego: 'RFC2136_NAMESERVER', 'acme.sh': 'NSUPDATE_SERVER' }, label: 'Primary DNS server (IP[:port] for lego, IP for acme.sh)', secret: false, create: 'nothing: the address of the zone\'s primary server', panelUrl, permission },
    { env: { 'acme.sh': 'NSUPDATE_SERVER_PORT' }, label: 'Its port', secret: false, optional: true, create: 'nothing: the port, when not 53', panelUrl, permission },
    { env: { lego: 'RFC2136_TSIG_KEY' }, label: 'TSIG key name', secret: false, create: 'a TSIG key (`tsig-keygen NAME`) the server accepts for updates', panelUrl, permission },
    { env: { lego: 'RFC2136_TSIG_SECRET' }, label: 'TSIG secret (base64)', secret: true, create: 'the secret that tsig-keygen printed', panelUrl, permission },
    { env: { lego: 'RFC2136_TSIG_ALGORITHM' }, label: 'TSIG algorithm (e.g. hmac-sha256.)', secret: false, create: 'nothing: the algorithm of the key', panelUrl, permission },
    {
      env: { 'acme.sh': 'NSUPDATE_KEY' },
      label: 'TSIG key file on the server',
      secret: false,
      create: 'a root-only key file (tsig-keygen output) on the server; mailsetup writes it from the DNS answers',
      panelUrl,
      permission,
    },
    { env: { 'acme.sh': 'NSUPDATE_ZONE' }, label: 'Zone', secret: false, optional: true, create: 'nothing: the zone, when nsupdate cannot find it', panelUrl, permission },
    ...legoTuning('RFC2136_', ['RFC2136_SEQUENCE_INTERVAL', 'RFC2136_PROPAGATION_TIMEOUT', 'RFC2136_POLLING_INTERVAL', 'RFC2136_TTL'], 'https://go-acme.github.io/lego/dns/rfc2136/'),
  ],
  clients: {
    lego: { code: 'rfc2136', docs: 'https://go-acme.github.io/lego/dns/rfc2136/' },
    // dns_nsupdate runs `nsupdate -k FILE`: the key stays in a file.
    'acme.sh': { code: 'dns_nsupdate', sha256: '916ff21405afc64c7f2cea6f0f75e798a89f7d01910dbeaa62ab5324a8fe9e1b', packages: ['bind9-dnsutils'], docs: 'https://github.com/acmesh-official/acme.sh/wiki/dnsapi#dns_nsupdate' },
  },
};
