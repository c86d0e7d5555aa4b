// What `mailsetup watch on` writes into the checker's settings file
// (/etc/mailsetup/watch.conf, read by assets/watch/watch.sh with `.`):
// whom to tell, and the records and blocklists to check. "As published"
// is the records mailsetup itself publishes (dns/records.ts), so the watch
// and the DNS step can never disagree. Every value is quoted by quote().
import { queryName } from '../checks/blocklist.js';
import type { Blocklist } from '../checks/context.js';
import { expandIpv6 } from '../dns/ip.js';
import type { DnsRecord } from '../dns/types.js';
import { quote } from '../remote/quote.js';
import { validateEmail } from '../state/validate.js';

export interface WatchSettings {
  /** HH:MM on the server's clock. */
  at: string;
  /** The mailbox told (mail channel). */
  to?: string;
  /** A URL that gets the JSON result POSTed instead of a mail. */
  webhook?: string;
  /** A mail every week when all is good and nothing changed. */
  weekly: boolean;
}

export const DEFAULT_WATCH_TIME = '06:30';

export interface WatchFacts {
  domain: string;
  hostname: string;
  /** The watch's own sender, `watch@domain`. */
  from: string;
  records: DnsRecord[];
  blocklists: Blocklist[];
  ips: string[];
}

export function checkWatchTime(at: string): string {
  if (!/^([01]\d|2[0-3]):[0-5]\d$/.test(at)) throw new Error(`--at ${at}: give the time of day as HH:MM (24 hours, the server's clock), e.g. 06:30`);
  return at;
}

export function checkWebhook(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new Error(`--webhook ${url}: not a URL; give it as https://host/path`);
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') throw new Error(`--webhook ${url}: only http:// and https:// URLs can receive a POST`);
  // curl reads the URL from a config line in double quotes on the server.
  if (/["\\\s\u0000-\u001f\u007f]/.test(url)) throw new Error(`--webhook: the URL may not contain quotes, backslashes, spaces or control characters (percent-encode them)`);
  return url;
}

export function checkMailbox(address: string): string {
  const problem = validateEmail(address);
  if (problem) throw new Error(`--to ${address} ${problem}`);
  return address;
}

/** A record value the way the checker prints what DNS returns (watch-dns.awk). */
function asTheCheckerSeesIt(record: DnsRecord, value: string): string {
  if (record.type === 'AAAA') return expandIpv6(value);
  if (record.type === 'MX' || record.type === 'PTR') return value.toLowerCase().replace(/\.$/, '');
  return value;
}

/** The records the watch compares: the required ones mailsetup publishes, in its zone and the reverse zone. */
export const watchedRecords = (records: DnsRecord[]): DnsRecord[] =>
  records.filter((r) => !r.optional && r.home !== 'other-domain' && ['A', 'AAAA', 'MX', 'TXT', 'PTR'].includes(r.type));

export function watchConfig(facts: WatchFacts, settings: WatchSettings): string {
  const line = (words: (string | number)[]) => words.map(quote).join(' ');
  const checks = [
    ...watchedRecords(facts.records).flatMap((r) => r.values.map((v) => `  ${line(['expect', r.type, r.name, asTheCheckerSeesIt(r, v)])}`)),
    ...facts.blocklists.flatMap((list) =>
      (list.kind === 'domain' ? [facts.domain] : facts.ips).map((entry) => `  ${line(['unlisted', list.zone, queryName(entry, list), entry])}`),
    ),
  ];
  return [
    '# Written by mailsetup (`mailsetup watch on`); read by watch.sh. Run `mailsetup watch on` again to change it.',
    `domain=${quote(facts.domain)}`,
    `hostname=${quote(facts.hostname)}`,
    `mail_from=${quote(facts.from)}`,
    `mail_to=${quote(settings.to ?? '')}`,
    `webhook_url=${quote(settings.webhook ?? '')}`,
    `weekly=${settings.weekly ? 1 : 0}`,
    '',
    '# The records as mailsetup published them, and the blocklists to be absent from.',
    'records() {',
    '  :',
    ...checks,
    '}',
    '',
  ].join('\n');
}
