// The watch's settings file is shell that watch.sh reads with `.`: every
// value mailsetup writes into it must come back byte for byte, whatever it
// holds (a TXT value is the domain owner's text). Read here by a real sh,
// with `expect` and `unlisted` printing their arguments.
import { execa } from 'execa';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkMailbox, checkWatchTime, checkWebhook, watchConfig, watchedRecords } from '../../src/day2/watch-config.js';
import type { DnsRecord } from '../../src/dns/types.js';

const record = (type: DnsRecord['type'], name: string, values: string[], home: DnsRecord['home'] = 'zone', optional = false): DnsRecord => ({ type, name, values, ttl: 3600, purpose: '', home, optional });

const HOSTILE = `v=spf1 ip4:203.0.113.7 -all'; touch /tmp/pwned; echo '$(id) \`id\` "quoted" \\ back`;

async function sourced(config: string): Promise<string[]> {
  const dir = await mkdtemp(join(tmpdir(), 'mailsetup-watch-conf-'));
  await writeFile(join(dir, 'watch.conf'), config);
  const script = `expect() { printf '%s|' expect "$@"; echo; }\nunlisted() { printf '%s|' unlisted "$@"; echo; }\n. "$1/watch.conf"\nprintf '%s|' "$domain" "$hostname" "$mail_from" "$mail_to" "$webhook_url" "$weekly"; echo\nrecords`;
  const r = await execa('sh', ['-c', script, 'sh', dir]);
  return r.stdout.split('\n');
}

test('every value comes back byte for byte when watch.sh reads the file', async () => {
  const records = [
    record('A', 'smtp.example.com', ['203.0.113.7']),
    record('AAAA', 'smtp.example.com', ['2001:db8::7']),
    record('MX', 'example.com', ['10 SMTP.example.com.']),
    record('TXT', 'example.com', [HOSTILE]),
    record('PTR', '7.113.0.203.in-addr.arpa', ['smtp.example.com'], 'reverse'),
    record('TXT', 'example.com._report._dmarc.other.org', ['v=DMARC1'], 'other-domain'),
    record('TXT', '_mta-sts.example.com', ['v=STSv1; id=1'], 'zone', true),
  ];
  const config = watchConfig(
    { domain: 'example.com', hostname: 'smtp.example.com', from: 'watch@example.com', records, ips: ['203.0.113.7', '2001:db8::7'], blocklists: [{ zone: 'zen.spamhaus.org', kind: 'ip' }, { zone: 'dbl.spamhaus.org', kind: 'domain' }] },
    { at: '06:30', webhook: 'https://hooks.example.net/x?token=a$b`c', weekly: true },
  );
  const lines = await sourced(config);
  expect(lines).toEqual([
    'example.com|smtp.example.com|watch@example.com||https://hooks.example.net/x?token=a$b`c|1|',
    'expect|A|smtp.example.com|203.0.113.7|',
    // As the checker's DNS reader prints them: every IPv6 group in four digits, names in lower case without the final dot.
    'expect|AAAA|smtp.example.com|2001:0db8:0000:0000:0000:0000:0000:0007|',
    'expect|MX|example.com|10 smtp.example.com|',
    `expect|TXT|example.com|${HOSTILE}|`,
    'expect|PTR|7.113.0.203.in-addr.arpa|smtp.example.com|',
    'unlisted|zen.spamhaus.org|7.113.0.203.zen.spamhaus.org|203.0.113.7|',
    'unlisted|zen.spamhaus.org|7.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.b.d.0.1.0.0.2.zen.spamhaus.org|2001:db8::7|',
    'unlisted|dbl.spamhaus.org|example.com.dbl.spamhaus.org|example.com|',
  ]);
  // Optional records and other domains' records are not the server's to watch.
  expect(watchedRecords(records).map((r) => r.name)).not.toContain('_mta-sts.example.com');
});

test('a config without records or blocklists is still valid shell', async () => {
  const config = watchConfig({ domain: 'example.com', hostname: 'smtp.example.com', from: 'watch@example.com', records: [], ips: [], blocklists: [] }, { at: '06:30', to: 'me@example.org', weekly: false });
  expect(await sourced(config)).toEqual(['example.com|smtp.example.com|watch@example.com|me@example.org||0|']);
});

test('the settings are refused before connecting when wrong', () => {
  expect(checkWatchTime('23:59')).toBe('23:59');
  for (const bad of ['24:00', '6:30', '06:60', '06:30:00', '']) expect(() => checkWatchTime(bad)).toThrow(/HH:MM/);
  expect(checkWebhook('https://hooks.example.net/T0/B1?x=1')).toBe('https://hooks.example.net/T0/B1?x=1');
  expect(() => checkWebhook('ftp://example.net/x')).toThrow(/http/);
  expect(() => checkWebhook('not a url')).toThrow(/not a URL/);
  expect(() => checkWebhook('https://example.net/a"b')).toThrow(/quotes/);
  expect(() => checkWebhook('https://example.net/a\\b')).toThrow(/backslashes/);
  expect(checkMailbox('me@example.org')).toBe('me@example.org');
  expect(() => checkMailbox('me@')).toThrow(/--to me@/);
});
