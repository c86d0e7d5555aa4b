// Where things live on the server. chasquid reads everything under
// /etc/chasquid; mailsetup's own files (ACME client data, DNS credentials
// for renewals, the reload hook) live under /etc/mailsetup, root only.
import { homedir } from 'node:os';
import { join } from 'node:path';

export const CHASQUID_DIR = '/etc/chasquid';
export const CHASQUID_CONF = `${CHASQUID_DIR}/chasquid.conf`;
export const MAILSETUP_DIR = '/etc/mailsetup';
/** It holds DNS credentials for renewals: root only. */
export const MAILSETUP_DIR_MODE = 0o700;

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
/** acme.sh's home (root's), where it keeps its copy, account and certificates. */
export const ACME_SH_HOME = '/root/.acme.sh';

/** MTA-STS served by the server (docs/mta-sts.md): nginx's site for mta-sts.<domain> and the folder of the policy file. */
export const mtaStsSite = '/etc/nginx/conf.d/mailsetup-mta-sts.conf';
export const mtaStsRoot = '/var/www/mailsetup-mta-sts';
/** The daily renewal: its script (lego's or acme.sh's) and the systemd service the timer starts. */
export const RENEW_SCRIPT = `${MAILSETUP_DIR}/renew-certificate.sh`;
export const RENEW_SERVICE = 'mailsetup-certificate.service';
/** The local backup repository (on this computer) when backup.dir is not given. */
export const defaultBackupDir = (hostname: string): string => join(homedir(), 'mailsetup-backup', hostname);

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
