// What the user told mailsetup, in one typed shape shared by the prompts,
// the answers file (`--answers FILE`) and the state file. Secrets are kept
// apart (see secrets.ts): this object is safe to save.

export type TlsClient = 'acme.sh' | 'lego';
export type DnsProviderName = 'manual' | 'rfc2136';
export type DmarcPolicy = 'none' | 'quarantine' | 'reject';
/** What judges mail from outside before the catch-all forwards it (see src/server/spam-filter.ts). */
export const SPAM_FILTER_CHOICES = ['spamassassin', 'rspamd', 'none'] as const;
export type SpamFilterChoice = (typeof SPAM_FILTER_CHOICES)[number];

/**
 * On by default with forwarding: forwarded spam gets the server's address
 * rate-limited or blocked by the big mailbox providers. SpamAssassin by
 * default: it takes about half of rspamd's memory (measured, see
 * assets/spam-filters.json), which counts on a 1-2 GB VPS.
 */
export const DEFAULT_SPAM_FILTER: SpamFilterChoice = 'spamassassin';

/** The spam filter the answers ask for ('none' unless mail is forwarded). */
export const spamFilterOf = (a: Pick<Answers, 'receiving'>): SpamFilterChoice =>
  a.receiving.mode === 'forward' ? (a.receiving.spamFilter ?? DEFAULT_SPAM_FILTER) : 'none';

export interface HostAnswers {
  /** IP or name (a ~/.ssh/config alias works too). */
  address: string;
  user: string;
  port: number;
  identity?: string;
  /** SHA256:... as OpenSSH prints it; lets `--yes` accept the host key on first contact. */
  hostKeyFingerprint?: string;
  /** Host profile id from assets/hosts.json (contabo, hetzner, ...). */
  profile?: string;
}

export interface Answers {
  host: HostAnswers;
  domain: string;
  /** The name the server's IPs reverse-resolve to; chasquid's hostname. */
  hostname: string;
  ipv6: { enable: boolean };
  tls: {
    client: TlsClient;
    /** acme.sh dnsapi name (dns_cf, ...) or lego provider name (cloudflare, rfc2136, ...). */
    dnsProvider: string;
    email: string;
    /** ACME directory URL; default Let's Encrypt. */
    acmeServer?: string;
    /** A CA file on this computer, uploaded for the ACME client to trust (a private ACME server such as the lab's Pebble). */
    acmeCaFile?: string;
    /** acme.sh's release tarball on this computer, uploaded instead of downloaded (a server without internet, such as the lab's); verified the same way. */
    acmeShTarball?: string;
  };
  senders: string[];
  receiving: {
    mode: 'forward' | 'existing';
    forwardTo?: string;
    /** Unset: DEFAULT_SPAM_FILTER (state files from before the choice existed get it too). */
    spamFilter?: SpamFilterChoice;
  };
  dns: {
    provider: DnsProviderName;
    /** rfc2136: the primary server, IP[:port]. */
    server?: string;
    tsigKeyName?: string;
    tsigAlgorithm?: string;
  };
  dmarc: { policy: DmarcPolicy; fo: string; rua?: string; ruf?: string };
  backup: { dir?: string; remote?: string; includeDkimKey: boolean };
  testMail: { to?: string };
  /** host:port the server tries to reach on TCP 25 to prove outbound SMTP is open. */
  preflight: { outboundTarget?: string };
}

export const defaultAnswers = (domain = ''): Omit<Answers, 'host'> => ({
  domain,
  hostname: domain ? `smtp.${domain}` : '',
  ipv6: { enable: true },
  tls: { client: 'lego', dnsProvider: '', email: domain ? `postmaster@${domain}` : '' },
  senders: [],
  receiving: { mode: 'existing' },
  dns: { provider: 'manual' },
  dmarc: { policy: 'quarantine', fo: '1' },
  backup: { includeDkimKey: false },
  testMail: {},
  preflight: {},
});
