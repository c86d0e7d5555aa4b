// Where things live on the server. chasquid reads everything under
// /etc/chasquid; mailsetup's own files (ACME client data, DNS credentials
// for renewals, the reload hook) live under /etc/mailsetup, root only.
export const CHASQUID_DIR = '/etc/chasquid';
export const CHASQUID_CONF = `${CHASQUID_DIR}/chasquid.conf`;
export const MAILSETUP_DIR = '/etc/mailsetup';

export const certDir = (hostname: string) => `${CHASQUID_DIR}/certs/${hostname}`;
export const domainDir = (domain: string) => `${CHASQUID_DIR}/domains/${domain}`;
export const usersFile = (domain: string) => `${domainDir(domain)}/users`;
export const aliasesFile = (domain: string) => `${domainDir(domain)}/aliases`;
export const postDataHook = `${CHASQUID_DIR}/hooks/post-data`;

/** Hook-mode DKIM (chasquid < 1.14): where the post-data hook looks. */
export const hookDkimKey = (domain: string) => `${CHASQUID_DIR}/certs/${domain}/dkim_privkey.pem`;
export const hookDkimSelector = (domain: string) => `${domainDir(domain)}/dkim_selector`;

export const reloadHook = `${MAILSETUP_DIR}/reload-chasquid.sh`;
export const dnsEnvFile = `${MAILSETUP_DIR}/dns-credentials.env`;
export const acmeCaFile = `${MAILSETUP_DIR}/acme-ca.pem`;
export const legoDir = `${MAILSETUP_DIR}/lego`;

/** `mailsetup watch`: its checker, the checker's settings, its sender's password, its units and what it remembers between runs. */
export const watchFiles = {
  script: `${MAILSETUP_DIR}/watch.sh`,
  dnsReader: `${MAILSETUP_DIR}/watch-dns.awk`,
  config: `${MAILSETUP_DIR}/watch.conf`,
  senderSecret: `${MAILSETUP_DIR}/watch-sender.secret`,
  service: '/etc/systemd/system/mailsetup-watch.service',
  timer: '/etc/systemd/system/mailsetup-watch.timer',
  stateDir: '/var/lib/mailsetup-watch',
} as const;
export const WATCH_TIMER = 'mailsetup-watch.timer';
export const WATCH_SERVICE = 'mailsetup-watch.service';
/** The local part of the sender the watch logs in as, so that chasquid signs its mail. */
export const WATCH_SENDER = 'watch';
