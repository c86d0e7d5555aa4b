// The lab run with PowerDNS as the DNS provider (MAILSETUP_LAB_DNS=powerdns):
// the mail domain is the one the lab's PowerDNS holds for the VPS
// (pdns.<its zone>), the certificate goes through the client's PowerDNS
// plugin (lego's pdns, acme.sh's dns_pdns) and every record through
// PowerDNS's HTTP API, all with the one API key. The PTR stays the host's
// (the lab DNS's reverse zone), as at a real hosting provider.
import { readFile } from 'node:fs/promises';
import type { Answers } from '../state/answers.js';
import type { Secrets } from '../state/secrets.js';
import type { LabInfo, LabOs } from './types.js';

export async function usePowerDns(info: LabInfo, os: LabOs, answers: Answers, secrets: Secrets): Promise<void> {
  const domain = info.powerdns.zones[os];
  const key = (await readFile(info.powerdns.apiKeyFile, 'utf8')).trim();
  const oldSender = answers.senders[0];
  const sender = `i@${domain}`;
  answers.domain = domain;
  answers.hostname = `smtp.${domain}`;
  answers.senders = [sender];
  if (oldSender) {
    secrets.senderPasswords = { [sender]: secrets.senderPasswords[oldSender]! };
  }
  answers.dmarc = { ...answers.dmarc, rua: `postmaster@${domain}` };
  answers.dns = { provider: 'powerdns' };
  delete secrets.tsigSecret;
  if (answers.tls.client === 'acme.sh') {
    answers.tls = { ...answers.tls, dnsProvider: 'dns_pdns', email: `postmaster@${domain}` };
    secrets.dnsCredentials = { PDNS_Url: info.powerdns.apiUrl, PDNS_Token: key, PDNS_ServerId: info.powerdns.serverId };
  } else {
    answers.tls = { ...answers.tls, dnsProvider: 'pdns', email: `postmaster@${domain}` };
    // lego asks the authoritative servers every second instead of its default 2 s.
    secrets.dnsCredentials = { PDNS_API_URL: info.powerdns.apiUrl, PDNS_API_KEY: key, PDNS_SERVER_NAME: info.powerdns.serverId, PDNS_POLLING_INTERVAL: '1' };
  }
}
