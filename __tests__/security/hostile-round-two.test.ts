// Values that slipped past the validators (issue 13): names that are not
// normalised, a sender in someone else's domain, option injection through
// the DNS provider, answers-file structure that was silently dropped or
// overridden, secrets that defeat masking, and credential names that are
// not the provider's. Each is refused with the key named, or read in one
// normal form.
import { describe, expect, test } from '@jest/globals';
import { parseSendersWords } from '../../src/day2/senders-plan.js';
import { parseForwardWords } from '../../src/day2/forward-plan.js';
import { parseCli, parseHost } from '../../src/cli/args.js';
import { unattendedIo } from '../../src/session/session.js';
import { quote } from '../../src/remote/quote.js';
import { redact } from '../../src/remote/redact.js';
import { parseAnswersYaml } from '../../src/state/answers-file.js';
import { emptySecrets, secretsFromEnv } from '../../src/state/secrets.js';
import { validateEmail } from '../../src/state/validate.js';
import { checkProviderEnv } from '../../src/tasks/dns-credentials.js';
import type { StepContext } from '../../src/tasks/types.js';
import { answersFromValues } from '../../src/ui/values.js';
import { refusal } from './helpers/refusal.js';
import { hostile } from './helpers/hostile.js';

const BASE = { host: { address: '203.0.113.7' }, domain: 'example.com', tls: { dnsProvider: 'dns_cf' } };

const withBase = (extra: Record<string, unknown>) => JSON.stringify({ ...BASE, ...extra });

describe('names are normalised once, where answers are read', () => {
  test('answers file: domain, host name and address domains in lower case without the final dot', () => {
    const { answers, secrets } = parseAnswersYaml(
      withBase({
        domain: 'Example.COM.',
        hostname: 'SMTP.Example.com.',
        senders: ['Me@Example.COM.'],
        receiving: { mode: 'forward', forwardTo: 'You@Gmail.Example.' },
        tls: { dnsProvider: 'dns_cf', email: 'Acme@Example.COM' },
        dmarc: { rua: 'Reports@Example.COM.' },
        testMail: { to: 'Check@Inbox.Example.' },
        secrets: { senders: { 'Me@Example.COM.': 'a-long-password' } },
      }),
    );
    expect(answers.domain).toBe('example.com');
    expect(answers.hostname).toBe('smtp.example.com');
    expect(answers.senders).toEqual(['Me@example.com']);
    expect(answers.receiving.forwardTo).toBe('You@gmail.example');
    expect(answers.tls.email).toBe('Acme@example.com');
    expect(answers.dmarc.rua).toBe('Reports@example.com');
    expect(answers.testMail.to).toBe('Check@inbox.example');
    // The password stays with its sender.
    expect(secrets.senderPasswords).toEqual({ 'Me@example.com': 'a-long-password' });
  });

  test('defaults follow the normal form', () => {
    const { answers } = parseAnswersYaml(withBase({ domain: 'Example.TEST.' }));
    expect(answers.hostname).toBe('smtp.example.test');
    expect(answers.tls.email).toBe('postmaster@example.test');
  });

  test('the wizard\'s values too', () => {
    const { answers } = answersFromValues({ 'host.address': '203.0.113.7', domain: 'Example.TEST', 'tls.dnsProvider': 'dns_cf', senders: 'me@EXAMPLE.test.' });
    expect(answers.domain).toBe('example.test');
    expect(answers.senders).toEqual(['me@example.test']);
  });

  test('day-two arguments: senders, forward, --domain and --hostname', () => {
    expect(parseSendersWords(['add', 'Me@Example.TEST.'])).toMatchObject({ domain: 'example.test', address: 'me@example.test' });
    expect(parseForwardWords(['to', 'You@Gmail.COM.'])).toEqual({ verb: 'to', mailbox: 'you@gmail.com' });
    const check = parseCli(['--check', '--domain', 'Example.TEST.', '--hostname', 'SMTP.Example.TEST.']);
    expect(check.domain).toBe('example.test');
    expect(check.hostname).toBe('smtp.example.test');
  });
});

describe('a sender must be an address of the mail domain', () => {
  test.each(hostile('senders in other domains', ['me@gmail.com', 'me@sub.example.com', 'me@example.com.evil.test', 'me@com']))('%j is refused', (sender) => {
    const problems = refusal(withBase({ senders: ['ok@example.com', sender] }));
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^senders\[1\]: .*(not an address of example\.com|domain)/);
  });
});

describe('DNS provider names come from the provider list only', () => {
  const BAD = hostile('dns provider names', ['--insecure', '-h', '__proto__', 'constructor', 'toString', 'hasOwnProperty', 'dns_cf_typo', 'cloudflare']);
  test.each(BAD)('tls.dnsProvider %j is refused, naming the key', (name) => {
    const problems = refusal(withBase({ tls: { client: 'acme.sh', dnsProvider: name } }));
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^tls\.dnsProvider: .*not a DNS provider of acme\.sh.*dns_cf/);
  });

  test.each(BAD)('a saved answer %j is refused before it reaches the ACME client', (name) => {
    const ctx = { answers: { tls: { client: 'acme.sh', dnsProvider: name }, dns: { provider: 'manual' } }, secrets: emptySecrets() } as unknown as StepContext;
    expect(() => checkProviderEnv(ctx)).toThrow(/not a DNS provider of acme\.sh/);
  });

  test('without tls.client: lego, unless the provider is written as only acme.sh names it', () => {
    expect(parseAnswersYaml(withBase({ tls: { dnsProvider: 'cloudflare' } })).answers.tls.client).toBe('lego');
    expect(parseAnswersYaml(withBase({ tls: { dnsProvider: 'dns_cf' } })).answers.tls.client).toBe('acme.sh');
    expect(refusal(withBase({ tls: { dnsProvider: '__proto__' } }))[0]).toMatch(/^tls\.dnsProvider: .*not a DNS provider of lego/);
  });

  test('the lego list is its own', () => {
    expect(parseAnswersYaml(withBase({ tls: { client: 'lego', dnsProvider: 'cloudflare' } })).answers.tls.dnsProvider).toBe('cloudflare');
    expect(refusal(withBase({ tls: { client: 'lego', dnsProvider: 'dns_cf' } }))[0]).toMatch(/^tls\.dnsProvider: .*lego/);
  });
});

describe('credential names are the provider\'s own', () => {
  const NAMES = hostile('dns credential names', ['LD_PRELOAD', 'PATH', 'BASH_ENV', 'ENV', 'PROMPT_COMMAND', 'HOME', 'CF_Token_typo', 'DO_API_KEY']);
  test.each(NAMES)('secrets.dnsCredentials.%s is refused for dns_cf', (name) => {
    const problems = refusal(withBase({ secrets: { dnsCredentials: { CF_Token: 'token-value', [name]: '/tmp/evil.so' } } }));
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(new RegExp(`^secrets\\.dnsCredentials: .*${name}.*CF_Token`));
    expect(problems[0]).not.toContain('/tmp/evil.so');
  });

  test.each(NAMES)('MAILSETUP_DNS_%s from the environment is refused before anything is exported', (name) => {
    const secrets = secretsFromEnv({ MAILSETUP_DNS_CF_Token: 'token-value', [`MAILSETUP_DNS_${name}`]: '/tmp/evil.so' });
    const ctx = { answers: { tls: { client: 'acme.sh', dnsProvider: 'dns_cf' }, dns: { provider: 'manual' } }, secrets } as unknown as StepContext;
    expect(() => checkProviderEnv(ctx)).toThrow(new RegExp(`${name}.*not a variable of Cloudflare`));
  });

  test('the provider\'s declared names are accepted', () => {
    const { secrets } = parseAnswersYaml(withBase({ secrets: { dnsCredentials: { CF_Token: 'token-value', CF_Zone_ID: 'zone' } } }));
    expect(secrets.dnsCredentials).toEqual({ CF_Token: 'token-value', CF_Zone_ID: 'zone' });
  });
});

describe('answers-file structure', () => {
  test('a dotted key is refused instead of overriding the nested one', () => {
    const problems = refusal('{"host": {"address": "203.0.113.7"}, "host.address": "198.51.100.1", "domain": "example.com", "tls": {"dnsProvider": "dns_cf"}}');
    expect(problems).toEqual([expect.stringMatching(/^host\.address: .*"\." .*nested/)]);
    expect(refusal(withBase({ tls: { dnsProvider: 'dns_cf', 'x.y': 1 } }))[0]).toMatch(/^tls\.x\.y: /);
  });

  test.each(hostile('yaml structures where a value is expected', [
    ['senders: !!set {a@example.com}', /^senders: expected a list.*set/],
    ['senders: {}', /^senders: expected a list/],
    ['senders: !!omap [{a: b}]', /^senders: expected a list/],
    ['hostname: !!binary aGVsbG8=', /^hostname: .*binary/],
    ['hostname: {}', /^hostname: expected a string/],
    ['testMail: !!set {to}', /^testMail: .*set/],
    ['secrets: {dnsCredentials: !!set {CF_Token}}', /^secrets\.dnsCredentials: expected a mapping/],
  ] as Array<[string, RegExp]>))('%s is refused naming the key', (line, reason) => {
    const problems = refusal(`host: {address: 203.0.113.7}\ndomain: example.com\ntls: {dnsProvider: dns_cf}\n${line}\n`);
    expect(problems).toEqual([expect.stringMatching(reason)]);
  });
});

describe('secrets and errors', () => {
  const SECRET = 'S3cret-with\0nul';
  test.each(hostile('secrets with NUL or line breaks', [
    ['tsigSecret', 'S3cret\0x'],
    ['sudoPassword', 'S3cret\nx'],
    ['sudoPassword', 'S3cret\rx'],
    ['dnsCredentials', { CF_Token: 'S3cret\0x' }],
    ['senders', { 'me@example.com': 'S3cret-long\0x' }],
  ] as Array<[string, unknown]>))('secrets.%s with a NUL or line break is refused without showing it', (key, value) => {
    const problems = refusal(withBase({ senders: ['me@example.com'], secrets: { [key]: value } }));
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(new RegExp(`^secrets\\.${key}.*(line break|NUL)`));
    expect(problems[0]).not.toContain('S3cret');
  });

  test('a secret from the environment with a NUL or line break is refused, naming the variable only', () => {
    expect(() => secretsFromEnv({ MAILSETUP_DNS_CF_Token: 'S3cret\nx' })).toThrow(/MAILSETUP_DNS_CF_Token.*line break/);
    expect(() => secretsFromEnv({ MAILSETUP_SUDO_PASSWORD: 'S3cret\0x' })).toThrow(/MAILSETUP_SUDO_PASSWORD/);
    try {
      secretsFromEnv({ MAILSETUP_TSIG_SECRET: 'S3cret\rx' });
    } catch (error) {
      expect((error as Error).message).not.toContain('S3cret');
    }
  });

  test('the quoting error never repeats the value, so no secret escapes masking', () => {
    let message = '';
    try {
      quote(SECRET);
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toMatch(/NUL/);
    expect(redact(message, [SECRET])).not.toContain('S3cret');
  });

  test('a 5 MB value is not echoed whole', () => {
    const big = `${'a'.repeat(5_000_000)}@example.com`;
    const problems = refusal(withBase({ testMail: { to: `${big}\n` } }));
    expect(problems[0]).toMatch(/^testMail\.to: /);
    expect(problems.join('\n').length).toBeLessThan(1000);
    expect(validateEmail(`${'a'.repeat(100_000)}@example.com`)!.length).toBeLessThan(500);
    expect(validateEmail(`${'a.'.repeat(3_000_000)}@example.com`)).toMatch(/at most 254/);
  });
});

describe('smaller ones', () => {
  test.each(hostile('local parts chasquid reads as something else', ['#alice@example.com', '#@example.com', '+x@example.com']))('%j is refused as an address', (address) => {
    expect(validateEmail(address)).toMatch(/start it with a letter or digit/);
  });

  test.each(hostile('--host values', [
    'root@evil\nhost',
    'root@host name',
    'root@-oProxyCommand=x',
    'root@$(id)',
    'root@a,b',
    'root@[::1',
    'root@host*',
    `root@${'a'.repeat(300)}`,
    'root@203.0.113.7;id',
  ]))('--host %j is refused', (value) => {
    let message = '';
    try {
      parseHost(value);
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toMatch(/--host/);
    expect(message).not.toMatch(/[\n\r]evil|a{100}/);
  });

  test('--host accepts addresses, names and ports', () => {
    expect(parseHost('root@203.0.113.7:2222')).toEqual({ user: 'root', address: '203.0.113.7', port: 2222 });
    expect(parseHost('[2001:db8::7]:22')).toEqual({ user: undefined, address: '2001:db8::7', port: 22 });
    expect(parseHost('admin@Mail.Example.COM')).toEqual({ user: 'admin', address: 'mail.example.com', port: undefined });
  });

  test('the sudo password goes to the sudo prompt only, whatever the user is called', async () => {
    const secrets = { ...emptySecrets(), sshPassword: 'ssh-pass', sudoPassword: 'sudo-pass', keyPassphrase: 'key-pass' };
    const io = unattendedIo(parseAnswersYaml(withBase({})).answers, secrets);
    expect(await io.askSecret('Password for sudoer@203.0.113.7:', 'password')).toBe('ssh-pass');
    expect(await io.askSecret('Passphrase for /home/sudo/.ssh/id:', 'passphrase')).toBe('key-pass');
    expect(await io.askSecret('sudo password for passphrase@203.0.113.7:', 'sudo')).toBe('sudo-pass');
  });

  test('ipv6.address and ipv6.gateway, never used, are unknown keys', () => {
    expect(refusal(withBase({ ipv6: { enable: true, address: '2001:db8::7/64' } }))).toEqual([expect.stringMatching(/^ipv6\.address: unknown key/)]);
    expect(refusal(withBase({ ipv6: { gateway: 'fe80::1' } }))).toEqual([expect.stringMatching(/^ipv6\.gateway: unknown key/)]);
  });
});

describe('a secret typed at a prompt', () => {
  test('is masked in the log from then on, and kept with the run\'s secrets', async () => {
    const { mkdtempSync, readdirSync, readFileSync, rmSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const { createLogger } = await import('../../src/state/logger.js');
    const { rememberTypedSecrets } = await import('../../src/session/session.js');
    const dir = mkdtempSync(join(tmpdir(), 'mailsetup-typed-'));
    try {
      const logger = createLogger(dir, 'run');
      const secrets = emptySecrets();
      const io = rememberTypedSecrets({ confirmHostKey: async () => true, askSecret: async () => 'typed-sudo-pass' }, secrets, logger);
      expect(await io.askSecret('sudo password for me@host:', 'sudo')).toBe('typed-sudo-pass');
      logger.line('sudo said: typed-sudo-pass is wrong');
      const log = readFileSync(join(dir, 'logs', readdirSync(join(dir, 'logs'))[0]!), 'utf8');
      expect(log).toContain('sudo said: *** is wrong');
      expect(secrets.sudoPassword).toBe('typed-sudo-pass');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test.each(hostile('typed secrets', ['S3cr3t\0pass', 'S3cr3t\npass', 'S3cr3t\rpass']))('%j is refused without being repeated', async (typed) => {
    const { rememberTypedSecrets } = await import('../../src/session/session.js');
    const io = rememberTypedSecrets({ confirmHostKey: async () => true, askSecret: async () => typed }, emptySecrets(), { addSecret: () => undefined });
    const error = await io.askSecret('Password for me@host:', 'password').catch((e: Error) => e);
    expect(String(error)).toMatch(/line break or NUL/);
    expect(String(error)).not.toContain('S3cr3t');
  });
});

describe('a saved sender in another domain', () => {
  test('is refused by the Senders step before any users file is written', async () => {
    const { sendersByDomain } = await import('../../src/tasks/senders.js');
    const ctx = { answers: { domain: 'example.com', senders: ['me@example.com', 'me@gmail.com'] }, secrets: emptySecrets() } as unknown as StepContext;
    expect(() => sendersByDomain(ctx)).toThrow(/me@gmail\.com is not an address of example\.com/);
  });
});

describe('known_hosts', () => {
  test.each(hostile('known_hosts host names', ['evil\nmail.example.com ssh-ed25519 AAAA', 'a b', 'a,b', '*', '[x]:22', '']))('a host %j is never written into the file', async (host) => {
    const { mkdtempSync, existsSync, rmSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const { recordHostKey } = await import('../../src/remote/known-hosts.js');
    const dir = mkdtempSync(join(tmpdir(), 'mailsetup-kh-'));
    try {
      expect(() => recordHostKey(join(dir, 'known_hosts'), host, 22, 'ssh-ed25519', Buffer.from('key'))).toThrow(/not an address or host name/);
      expect(existsSync(join(dir, 'known_hosts'))).toBe(false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
