// The answers a wizard run against the lab starts from (`mailsetup --lab`):
// every value is read off the running lab, so the newcomer only confirms.
// The sender password is generated once per lab VPS and kept beside the
// lab's other secrets (0600), so a rerun authenticates with the same one.
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { SPAM_FILTER_CHOICES, type Answers, type SpamFilterChoice } from '../state/answers.js';
import { emptySecrets, type Secrets } from '../state/secrets.js';
import { ACME_SH_LAB_VERSION, useAcmeSh } from './acme-sh-answers.js';
import { usePowerDns } from './powerdns-answers.js';
import type { LabInfo, LabOs } from './types.js';

export interface LabRun {
  answers: Answers;
  secrets: Secrets;
  /** For checks: the lab DNS and the CA that trusts Pebble's certificates. */
  resolver: string;
  caFile: string;
}

async function senderPassword(info: LabInfo, os: LabOs): Promise<string> {
  const dir = join(info.stateDir, 'secrets');
  const file = join(dir, `sender-${os}.password`);
  try {
    return (await readFile(file, 'utf8')).trim();
  } catch {
    await mkdir(dir, { recursive: true, mode: 0o700 });
    const password = randomBytes(18).toString('base64url');
    await writeFile(file, `${password}\n`, { mode: 0o600 });
    return password;
  }
}

export function pickLabOs(info: LabInfo, wanted?: LabOs): LabOs {
  if (wanted && info.vps[wanted]) return wanted;
  const up = Object.keys(info.vps) as LabOs[];
  if (!up.length) throw new Error('the lab has no VPS up: run `mailsetup lab up` first');
  return up[0]!;
}

/**
 * MAILSETUP_LAB_SPAM_FILTER picks the lab's spam filter (spamassassin,
 * rspamd or none); unset, the wizard's default. The test suite sets none
 * for the files that are not about it (__tests__/global-setup.ts):
 * installing a filter adds 40-60 s to every fresh provisioning.
 */
function labSpamFilter(): { spamFilter?: SpamFilterChoice } {
  const chosen = process.env.MAILSETUP_LAB_SPAM_FILTER;
  if (!chosen) return {};
  const known = SPAM_FILTER_CHOICES.find((c) => c === chosen);
  if (!known) throw new Error(`MAILSETUP_LAB_SPAM_FILTER=${chosen}: use one of ${SPAM_FILTER_CHOICES.join(', ')}`);
  return { spamFilter: known };
}

export async function labRun(info: LabInfo, os: LabOs): Promise<LabRun> {
  const vps = info.vps[os];
  if (!vps) throw new Error(`the lab's ${os} VPS is not up: run \`mailsetup lab up --os ${os}\``);
  const tsigSecret = (await readFile(info.dns.tsig.secretFile, 'utf8')).trim();
  const dnsServer = `${info.dns.server}:${info.dns.port}`;
  const sender = `i@${vps.domain}`;
  const answers: Answers = {
    host: {
      address: vps.ssh.host,
      user: vps.ssh.user,
      port: vps.ssh.port,
      identity: vps.ssh.keyFile,
      hostKeyFingerprint: vps.ssh.hostKeyFingerprint,
      profile: 'lab',
    },
    domain: vps.domain,
    hostname: vps.hostname,
    ipv6: { enable: true },
    tls: {
      client: 'lego',
      dnsProvider: 'rfc2136',
      email: `postmaster@${vps.domain}`,
      acmeServer: info.acme.directory,
      acmeCaFile: info.acme.serverCaFile,
    },
    senders: [sender],
    receiving: { mode: 'forward', forwardTo: info.inbox.address, ...labSpamFilter() },
    dns: { provider: 'rfc2136', server: dnsServer, tsigKeyName: info.dns.tsig.name, tsigAlgorithm: info.dns.tsig.algorithm },
    dmarc: { policy: 'quarantine', fo: '1', rua: `postmaster@${vps.domain}` },
    backup: { dir: join(info.stateDir, `backup-${os}`), includeDkimKey: false },
    testMail: { to: info.inbox.address },
    preflight: { outboundTarget: `${info.inbox.smtp.host}:${info.inbox.smtp.port}` },
  };
  const secrets = emptySecrets();
  secrets.tsigSecret = tsigSecret;
  secrets.senderPasswords[sender] = await senderPassword(info, os);
  // The sudo-user flavour: the password sudo asks for, given once.
  if (vps.ssh.sudoPasswordFile) secrets.sudoPassword = (await readFile(vps.ssh.sudoPasswordFile, 'utf8')).trim();
  // lego's rfc2136 provider reads these; the lab's sequence interval keeps
  // issuance to seconds instead of lego's 60 s default between apex and wildcard.
  secrets.dnsCredentials = {
    RFC2136_NAMESERVER: dnsServer,
    RFC2136_TSIG_KEY: info.dns.tsig.name,
    RFC2136_TSIG_SECRET: tsigSecret,
    RFC2136_TSIG_ALGORITHM: `${info.dns.tsig.algorithm}.`,
    RFC2136_SEQUENCE_INTERVAL: '1',
  };
  if (process.env.MAILSETUP_LAB_CLIENT === 'acme.sh') useAcmeSh(answers, secrets, ACME_SH_LAB_VERSION);
  if (process.env.MAILSETUP_LAB_DNS === 'powerdns') await usePowerDns(info, os, answers, secrets);
  // A signed lab (`lab up --dnssec`): the checks ask its validating resolver,
  // and on a signed mail domain the user would say yes to DANE.
  const validator = info.dnssec?.resolver;
  if (info.dnssec?.signedZones.includes(answers.domain)) answers.tls.dane = true;
  return { answers, secrets, resolver: validator ? `${validator.server}:${validator.port}` : dnsServer, caFile: info.acme.caFile };
}
