// The question screens of the guided run, in the guide's order, as data:
// each field names its answers-file key, so the answers a person types are
// validated by the same schema as an answers file.
import { homedir } from 'node:os';
import { join } from 'node:path';
import { answersSchema } from '../state/schema.js';
import { validateEmail, type Validator } from '../state/validate.js';
import { certDir, domainDir } from '../server/paths.js';
import { memoryText } from '../tasks/memory-figures.js';
import { nginxMemoryMb } from '../tasks/nginx-facts.js';
import { spamFilterFacts } from '../tasks/spam-filter-facts.js';
import { chasquidFacts, dnsProviders, hostProfiles } from './assets.js';
import { credentialExposureNote, credentialQuestions } from './credential-fields.js';
import { entryOfPlugin, type ProviderEntry } from '../dns/providers/registry/index.js';

export type Values = Record<string, string>;

export interface FieldSpec {
  key: string;
  label: string;
  kind: 'text' | 'secret' | 'select';
  items?: (values: Values) => { value: string; label: string; hint?: string }[];
  searchable?: boolean;
  optional?: boolean;
  when?: (values: Values) => boolean;
  /** Default shown in the field when no value was given yet. */
  initial?: (values: Values) => string | undefined;
  validate?: Validator;
  hint?: string;
}

export interface ScreenSpec {
  id: string;
  title: string;
  why: string;
  fields: FieldSpec[];
  /** Facts to show under the questions, given the answers so far (e.g. the host's port 25 policy) and what is known of the server. */
  info?: (values: Values, known?: KnownServer) => string[];
}

/** What an earlier run learned about the server, when there was one. */
export interface KnownServer {
  os?: { id: string; versionId: string };
}

const schemaValidator = (key: string): Validator | undefined => answersSchema[key]?.validate;

const emailList: Validator = (value) => {
  for (const address of value.split(',').map((s) => s.trim()).filter(Boolean)) {
    const error = validateEmail(address);
    if (error) return `"${address}" ${error}`;
  }
  return null;
};

const portText: Validator = (v) => (/^\d{1,5}$/.test(v) && Number(v) >= 1 && Number(v) <= 65535 ? null : 'must be a port from 1 to 65535');

function field(key: string, label: string, extra: Partial<FieldSpec> = {}): FieldSpec {
  return { key, label, kind: 'text', validate: schemaValidator(key), ...extra };
}

/** The chasquid screen's facts: what is installed, how it listens and announces itself, where its files go. */
export function chasquidInfo(values: Values, known?: KnownServer): string[] {
  const { releases, listeners } = chasquidFacts();
  const dkim = (mode?: string) => (mode === 'native' ? 'chasquid signs DKIM natively' : 'DKIM is signed by a post-data hook (python3-dkim)');
  const release = known?.os && releases.find((r) => r.os === known.os!.id && r.versionId === known.os!.versionId);
  const hostname = values.hostname || (values.domain ? `smtp.${values.domain}` : 'the server name');
  const domain = values.domain || 'your domain';
  return [
    ...(release
      ? [
          release.chasquid
            ? `Installs chasquid ${release.chasquid} from ${release.title}'s packages; ${dkim(release.dkim)}.`
            : `Installs chasquid from ${release.title}'s packages (the version apt offers); DKIM natively from 1.14, by a hook before.`,
        ]
      : [
          "Installs chasquid from the server's packages:",
          ...releases.map((r) => `  ${r.title}: ${r.chasquid ? `${r.chasquid}, ${r.dkim === 'native' ? 'native DKIM' : 'DKIM by a hook'}` : 'the version apt offers'}`),
        ]),
    'Listens on:',
    ...listeners.map((l) => `  ${l.port}: ${l.use}`),
    `Announces itself as ${hostname} (your reverse DNS name).`,
    `Certificate: ${certDir(hostname)}/`,
    `Domain: ${domainDir(domain)}/ (senders, aliases)`,
  ];
}

/** The spam filter choices, the default first; each with the memory it adds. */
export function spamFilterItems(): { value: string; label: string; hint?: string }[] {
  const facts = spamFilterFacts();
  const ordered = [...facts.filters].sort((a, b) => Number(b.id === facts.default) - Number(a.id === facts.default));
  return [
    ...ordered.map((f) => ({ value: f.id, label: f.title, hint: `(${f.id === facts.default ? 'recommended; ' : ''}${memoryText(f.memoryMb)} of memory)` })),
    { value: 'none', label: 'No filter', hint: '(spam is forwarded too)' },
  ];
}

/** The DNS screen's facts: while serving the policy from the server is offered or chosen, the memory nginx adds there. */
export function dnsInfo(values: Values, known?: KnownServer): string[] {
  const served = values['receiving.mode'] === 'forward' && ['testing', 'enforce'].includes(values['mtaSts.mode'] ?? '') && values['mtaSts.serve'] !== 'elsewhere';
  return served ? [`Serving the MTA-STS policy from this server adds nginx: ${memoryText(nginxMemoryMb(), known?.os)} of memory (measured; a small VPS has 1-2 GB).`] : [];
}

/** The receiving screen's facts: why filter, the memory each filter adds on this server, and why no greylisting. */
export function receivingInfo(values: Values, known?: KnownServer): string[] {
  if (values['receiving.mode'] !== 'forward') return [];
  const { filters } = spamFilterFacts();
  return [
    'Spam is refused at SMTP time, before it is forwarded: forwarded spam gets your server blocked.',
    `Memory the filter adds (measured; a small VPS has 1-2 GB): ${filters.map((f) => `${f.title} ${memoryText(f.memoryMb, known?.os)}`).join(', ')}.`,
    'No greylisting: it delays first mail (sign-in codes) by minutes.',
  ];
}

const providerFor = (values: Values) => dnsProviders(values['tls.client'] === 'acme.sh' ? 'acme.sh' : 'lego').find((p) => p.id === values['tls.dnsProvider']);

/** The certificate's DNS provider, when mailsetup publishes records through its API too (none, or one). */
function certificateRecordsProvider(values: Values): ProviderEntry[] {
  const entry = entryOfPlugin(values['tls.client'] === 'acme.sh' ? 'acme.sh' : 'lego', values['tls.dnsProvider'] ?? '');
  return entry?.records ? [entry] : [];
}

/** Credential fields of the chosen DNS provider, described by the provider registry; secrets masked. */
export function credentialFields(values: Values): FieldSpec[] {
  const provider = providerFor(values);
  if (!provider) return [];
  return credentialQuestions(provider).map(({ key, label, ...extra }) => field(key, label, extra));
}

export const screens: ScreenSpec[] = [
  {
    id: 'host',
    title: 'Host',
    why: 'Mail needs a server whose host opens port 25 and lets you set reverse DNS.',
    info: (v) => {
      const profile = hostProfiles().find((p) => p.id === v['host.profile']);
      return profile ? [`Port 25: ${profile.port25}`, `Reverse DNS: ${profile.rdns}`] : [];
    },
    fields: [
      field('host.profile', 'Your hosting provider:', {
        kind: 'select',
        items: () => hostProfiles().map((p) => ({ value: p.id, label: p.title })),
      }),
      field('host.address', 'Server address (IP or name):'),
      field('host.user', 'SSH user:', { initial: () => 'root' }),
      field('host.port', 'SSH port:', { initial: () => '22', validate: portText }),
      field('host.identity', 'SSH key file (empty: agent or ~/.ssh keys):', { optional: true }),
    ],
  },
  {
    id: 'domain',
    title: 'Domain',
    why: 'Receivers check that the domain, the server name and its IP all agree.',
    fields: [
      field('domain', 'Mail domain:'),
      field('hostname', 'Server host name (reverse DNS):', { initial: (v) => (v.domain ? `smtp.${v.domain}` : undefined) }),
    ],
  },
  {
    id: 'ipv6',
    title: 'IPv6',
    why: 'Big receivers accept mail over IPv6 too; a server that has it should use it.',
    fields: [
      field('ipv6.enable', 'Enable IPv6 on the server?', {
        kind: 'select',
        items: () => [
          { value: 'true', label: 'Yes, enable IPv6', hint: '(the guide does)' },
          { value: 'false', label: 'No, IPv4 only' },
        ],
      }),
    ],
  },
  {
    id: 'certificate',
    title: 'Certificate',
    why: 'TLS encrypts mail in transit; receivers and mail apps expect it.',
    info: (v) => credentialExposureNote(v['tls.client'] ?? '', providerFor(v)),
    fields: [
      field('tls.client', 'ACME client:', {
        kind: 'select',
        items: () => [
          { value: 'lego', label: 'lego', hint: '(from the distribution; keeps tokens off command lines)' },
          { value: 'acme.sh', label: 'acme.sh', hint: "(the guide's choice, pinned 3.1.3)" },
        ],
      }),
      field('tls.dnsProvider', 'Your DNS provider:', {
        kind: 'select',
        searchable: true,
        items: (v) => dnsProviders(v['tls.client'] === 'acme.sh' ? 'acme.sh' : 'lego').map((p) => ({ value: p.id, label: p.title, hint: p.id })),
      }),
      field('tls.email', 'Email for the certificate authority:', { initial: (v) => (v.domain ? `postmaster@${v.domain}` : undefined) }),
    ],
  },
  {
    id: 'chasquid',
    title: 'chasquid',
    why: 'chasquid is the small SMTP server that sends your mail; it comes from your OS, so security updates come with it.',
    // Nothing to choose here: the version is the OS's, the ports are the
    // standard ones and the name is the hostname answered before.
    fields: [],
    info: chasquidInfo,
  },
  {
    id: 'senders',
    title: 'Senders',
    why: 'Each sender logs in to the server with its own password to send mail.',
    fields: [
      field('senders', 'Sender addresses (comma-separated):', {
        validate: emailList,
        initial: (v) => (v.domain ? `i@${v.domain}` : undefined),
        hint: 'Passwords are generated and shown once at the end.',
      }),
    ],
  },
  {
    id: 'receiving',
    title: 'Receiving',
    why: 'Replies must reach you: forward every address to your mailbox, or keep your provider.',
    info: receivingInfo,
    fields: [
      field('receiving.mode', 'Mail sent to your domain:', {
        kind: 'select',
        items: () => [
          { value: 'forward', label: 'Forward it to my mailbox', hint: '(sets MX to this server)' },
          { value: 'existing', label: 'I already have a mailbox provider', hint: '(MX untouched)' },
        ],
      }),
      field('receiving.forwardTo', 'Forward to (e.g. you@gmail.com):', { when: (v) => v['receiving.mode'] === 'forward' }),
      field('receiving.spamFilter', 'Spam filter before forwarding:', {
        kind: 'select',
        when: (v) => v['receiving.mode'] === 'forward',
        items: spamFilterItems,
      }),
    ],
  },
  {
    id: 'dns',
    title: 'DNS',
    why: 'SPF, DKIM and DMARC records tell receivers this server may send for you.',
    info: dnsInfo,
    fields: [
      field('dmarc.policy', 'DMARC policy (mail failing SPF and DKIM):', {
        kind: 'select',
        items: () => [
          { value: 'quarantine', label: 'Spam folder (quarantine)', hint: "(the guide's choice)" },
          { value: 'none', label: 'Deliver it, only report (none)' },
          { value: 'reject', label: 'Refuse it (reject)' },
        ],
      }),
      field('dmarc.rua', 'Send daily DMARC reports to (optional):', { optional: true, hint: 'Receivers mail a summary of what passed and failed.' }),
      field('mtaSts.mode', 'MTA-STS (senders must use TLS to reach you):', {
        kind: 'select',
        when: (v) => v['receiving.mode'] === 'forward',
        items: () => [
          { value: 'off', label: 'Not now' },
          { value: 'testing', label: 'Testing', hint: '(senders report problems but still deliver; start here)' },
          { value: 'enforce', label: 'Enforce', hint: '(senders deliver only over valid TLS)' },
        ],
      }),
      field('mtaSts.serve', 'Serve the MTA-STS policy file:', {
        kind: 'select',
        when: (v) => v['receiving.mode'] === 'forward' && Boolean(v['mtaSts.mode']) && v['mtaSts.mode'] !== 'off',
        items: (v) => [
          { value: 'server', label: 'From this server', hint: `(nginx on 443 for mta-sts.${v.domain || '<domain>'}, same certificate; ${memoryText(nginxMemoryMb())} of memory)` },
          { value: 'elsewhere', label: 'I will upload it to my own web host', hint: '(the file is shown with the records)' },
        ],
      }),
      field('tls.dane', 'DANE (a TLSA record pins the server\'s key, needs a DNSSEC-signed zone):', {
        kind: 'select',
        when: (v) => v['receiving.mode'] === 'forward',
        items: () => [
          { value: 'false', label: 'No' },
          { value: 'true', label: 'Yes, when the zone is signed', hint: '(TLSA 3 1 1 for port 25; renewals keep the key)' },
        ],
      }),
      field('tlsRpt.rua', 'Send TLS failure reports (TLS-RPT) to (optional):', {
        optional: true,
        when: (v) => v['receiving.mode'] === 'forward',
        hint: 'Senders mail a daily summary of TLS problems reaching your server.',
      }),
      field('dns.provider', 'Publish the records:', {
        kind: 'select',
        // The certificate's DNS provider, when mailsetup can publish through
        // its API, comes first: chosen once, its credential typed once.
        items: (v) => [
          ...certificateRecordsProvider(v).map((p) => ({ value: p.id, label: `Automatically through ${p.title}`, hint: '(the credential given for the certificate)' })),
          { value: 'manual', label: 'I will add them myself', hint: '(shown, then checked live)' },
          { value: 'rfc2136', label: 'Automatically (RFC 2136 + TSIG key)' },
        ],
        initial: (v) => certificateRecordsProvider(v)[0]?.id,
      }),
      field('dns.server', 'Primary DNS server IP[:port]:', { when: (v) => v['dns.provider'] === 'rfc2136' }),
      field('dns.tsigKeyName', 'TSIG key name:', { when: (v) => v['dns.provider'] === 'rfc2136' }),
      field('secrets.tsigSecret', 'TSIG secret (base64):', { kind: 'secret', when: (v) => v['dns.provider'] === 'rfc2136' }),
    ],
  },
  {
    id: 'backup',
    title: 'Backup',
    why: "A git copy of the server's mail settings on this computer: rebuild or roll back any time.",
    fields: [
      field('backup.dir', 'Keep the backup (a git repository) in:', {
        initial: (v) => join(homedir(), 'mailsetup-backup', v.hostname || (v.domain ? `smtp.${v.domain}` : 'server')),
      }),
      field('backup.remote', 'Also push it to a private git remote (optional):', { optional: true, hint: 'e.g. git@github.com:you/mail-config.git' }),
      field('backup.includeDkimKey', 'The DKIM private key:', {
        kind: 'select',
        items: () => [
          { value: 'false', label: 'Keep it out of the backup', hint: '(a new key can be made)' },
          { value: 'true', label: 'Include it', hint: '(keep the repository private)' },
        ],
      }),
    ],
  },
  {
    id: 'testmail',
    title: 'Test mail',
    why: 'A real mail proves the whole path: it should land in your inbox, not in spam.',
    fields: [
      field('testMail.to', 'Send a test mail to (e.g. you@gmail.com):', {
        optional: true,
        initial: (v) => v['receiving.forwardTo'] || undefined,
        hint: 'mailsetup also checks DKIM, SPF and DMARC itself on a mail sent back to the server.',
      }),
    ],
  },
];

/** The fields of a screen as they apply to the values given so far (provider credentials expand here). */
export function fieldsOf(screen: ScreenSpec, values: Values): FieldSpec[] {
  const base = screen.fields.filter((f) => !f.when || f.when(values));
  if (screen.id !== 'certificate') return base;
  const at = base.findIndex((f) => f.key === 'tls.dnsProvider');
  return [...base.slice(0, at + 1), ...credentialFields(values), ...base.slice(at + 1)];
}
