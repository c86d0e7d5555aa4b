// Hostile and wrong answers files: every problem is refused with the key it
// is about, nothing half-valid is returned, and a secret's value never
// appears in the message (error text reaches the terminal and the log).
import { describe, expect, test } from '@jest/globals';
import { parseAnswersYaml } from '../../src/state/answers-file.js';
import { answersFromValues } from '../../src/ui/values.js';
import { refusal } from './helpers/refusal.js';
import { hostile, tried } from './helpers/hostile.js';

const BASE = {
  host: { address: '203.0.113.7' },
  domain: 'example.com',
  tls: { dnsProvider: 'dns_cf' },
};

/** YAML for BASE with one key replaced or added (dotted path -> value). */
function yamlWith(key: string, value: unknown): string {
  const doc = structuredClone(BASE) as Record<string, any>;
  const parts = key.split('.');
  let node = doc;
  for (const part of parts.slice(0, -1)) node = node[part] ??= {};
  node[parts[parts.length - 1]!] = value;
  // JSON is YAML: every hostile byte is written as an escape, never as syntax.
  return JSON.stringify(doc);
}

const HOSTILE: Array<[string, unknown]> = hostile('answers-file values', [
  ['domain', 'example.com\nMX 10 evil.test'],
  ['domain', 'example.com;touch /tmp/mailsetup-canary'],
  ['domain', 'exаmple.com'],
  ['hostname', '$(touch /tmp/mailsetup-canary).example.com'],
  ['hostname', `smtp.${'a'.repeat(64)}.com`],
  ['host.address', '203.0.113.7;touch /tmp/mailsetup-canary'],
  ['host.address', '-oProxyCommand=touch /tmp/mailsetup-canary'],
  ['host.user', 'root;id'],
  ['host.port', 0],
  ['host.port', 65536],
  ['host.port', 22.5],
  ['host.port', '22'],
  ['host.port', -22],
  ['host.identity', 'relative/key'],
  ['host.identity', '~/.ssh/key\nProxyCommand x'],
  ['host.hostKeyFingerprint', 'SHA256:short'],
  ['host.profile', '../../etc/passwd'],
  ['tls.email', 'a"b@example.com'],
  ['tls.dnsProvider', 'dns_cf;id'],
  ['tls.acmeServer', 'http://acme.example.com/directory'],
  ['tls.acmeServer', "https://acme.example.com/'$(id)'"],
  ['tls.acmeServer', 'https://acme.example.com/\nid'],
  ['tls.acmeCaFile', '/etc/ca.pem\nid'],
  ['tls.client', 'certbot'],
  ['senders', ['ok@example.com', 'me@example.com, evil@attacker.test']],
  ['senders', 'me@example.com'],
  ['senders', [42]],
  ['receiving.forwardTo', 'me@example.com\n*: evil@attacker.test'],
  ['receiving.forwardTo', '|/usr/bin/touch@example.com'],
  ['receiving.forwardTo', 'me@example.com, evil@attacker.test'],
  ['receiving.mode', 'pipe'],
  ['dns.server', '10.0.0.1:0'],
  ['dns.server', '10.0.0.1:99999'],
  ['dns.server', '10.0.0.1;id'],
  ['dns.tsigKeyName', 'key name'],
  ['dns.provider', 'cloudflare; id'],
  ['dmarc.rua', 'r@example.com;p=none'],
  ['dmarc.fo', '1;p=none'],
  ['dmarc.policy', 'none; rua=mailto:evil@attacker.test'],
  ['ipv6.enable', 'yes'],
  ['backup.dir', 'backups'],
  ['backup.dir', '~/\nbackup'],
  ['backup.remote', '--upload-pack=touch /tmp/mailsetup-canary'],
  ['backup.remote', 'ext::sh -c touch% /tmp/mailsetup-canary'],
  ['backup.remote', 'git@example.com:me/backup.git\n'],
  ['backup.includeDkimKey', 'true'],
  ['testMail.to', 'to@example.com\nBcc: evil@attacker.test'],
  ['preflight.outboundTarget', 'inbox.example.com:0'],
  ['secrets.dnsCredentials', { 'CF_Token;id': 'x' }],
  ['secrets.dnsCredentials', { 'BAD NAME': 'x' }],
  ['secrets.dnsCredentials', { CF_Token: 42 }],
  ['secrets.senders', { 'me@example.com\nroot': 'x' }],
  ['secrets.tsigSecret', 42],
  // chasquid takes a password as one line: a line break is refused, not cut.
  ['secrets.senders', { 'me@example.com': 'first line\nsecond line' }],
]);

describe('answers file: every hostile or wrong value is refused, naming its key', () => {
  test.each(HOSTILE)('%s = %j', (key, value) => {
    const problems = refusal(yamlWith(key, value));
    expect(problems).toHaveLength(1);
    expect(problems[0]!.startsWith(key)).toBe(true);
  });

  test('values of the same keys that are fine are accepted', () => {
    const text = JSON.stringify({
      ...BASE,
      hostname: 'smtp.example.com',
      host: { address: '203.0.113.7', port: 2222, profile: 'hetzner', identity: '~/.ssh/id_ed25519' },
      ipv6: { enable: true },
      senders: ['me@example.com'],
      receiving: { mode: 'forward', forwardTo: 'me@gmail.example' },
      backup: { dir: '/home/me/mail-backup', remote: 'git@git.example.com:me/mail-backup.git' },
      secrets: { senders: { 'me@example.com': `p'"\`$(id);ü\\` }, dnsCredentials: { CF_Token: 'x y' } },
    });
    const { answers, secrets } = parseAnswersYaml(text);
    expect(answers.ipv6.enable).toBe(true);
    expect(secrets.senderPasswords['me@example.com']).toBe(`p'"\`$(id);ü\\`);
    // Secrets are kept apart from the answers that get saved.
    expect(JSON.stringify(answers)).not.toContain('$(id)');
  });
});

describe('answers file: structure', () => {
  const base = JSON.stringify(BASE);
  // Unknown and prototype keys (4), keys given twice (2), non-mappings (4), an alias bomb, a language tag, wrong types (2).
  tried('answers-file structure', 14);

  test('unknown keys, also nested and prototype names, are refused by name', () => {
    expect(refusal(`${base.slice(0, -1)},"colour":"blue"}`)).toEqual([expect.stringMatching(/^colour: unknown key/)]);
    expect(refusal(yamlWith('tls.hook', 'id'))).toEqual([expect.stringMatching(/^tls.hook: unknown key/)]);
    expect(refusal(`${base.slice(0, -1)},"__proto__":{"polluted":"yes"}}`)).toEqual([expect.stringMatching(/^__proto__.polluted: unknown key/)]);
    expect(refusal(`${base.slice(0, -1)},"constructor":{"prototype":"x"}}`)).toEqual([expect.stringMatching(/^constructor.prototype: unknown key/)]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  test('a key given twice, at any depth, is refused instead of the last one winning', () => {
    expect(refusal('host: {address: 203.0.113.7}\ndomain: example.com\ndomain: evil.test\ntls: {dnsProvider: dns_cf}\n')[0]).toMatch(/unique/i);
    expect(refusal('host:\n  address: 203.0.113.7\n  address: 198.51.100.1\ndomain: example.com\ntls: {dnsProvider: dns_cf}\n')[0]).toMatch(/unique/i);
  });

  test('a document that is not a mapping, or several documents, is refused', () => {
    expect(refusal('- a\n- b\n')[0]).toMatch(/mapping/);
    expect(refusal('just text\n')[0]).toMatch(/mapping/);
    expect(refusal('')[0]).toMatch(/mapping/);
    expect(refusal(`${base}\n---\n${base}\n`)[0]).toMatch(/document/i);
  });

  test('an alias bomb is refused quickly instead of expanding', () => {
    const lines = ['a: &a ["x","x","x","x","x","x","x","x","x","x"]'];
    for (let i = 1; i < 9; i++) lines.push(`${'abcdefghij'[i]}: &${'abcdefghij'[i]} [${Array(10).fill(`*${'abcdefghij'[i - 1]}`).join(',')}]`);
    const started = Date.now();
    expect(() => parseAnswersYaml(`${lines.join('\n')}\n`)).toThrow();
    expect(Date.now() - started).toBeLessThan(2000);
  });

  test('language tags are not executed: they stay strings or are refused', () => {
    const problems = refusal('host: {address: 203.0.113.7}\ndomain: !!js/function "function(){}"\ntls: {dnsProvider: dns_cf}\n');
    expect(problems.join('\n')).toMatch(/domain|tag/i);
  });

  test('wrong types name the key and what is expected', () => {
    expect(refusal('host: {address: 203.0.113.7}\ndomain: 42\ntls: {dnsProvider: dns_cf}\n')).toEqual([expect.stringMatching(/^domain: expected a string/)]);
    expect(refusal('host: 203.0.113.7\ndomain: example.com\ntls: {dnsProvider: dns_cf}\n')).toEqual(
      expect.arrayContaining([expect.stringMatching(/^host: unknown key/), expect.stringMatching(/^host.address: missing/)]),
    );
  });
});

describe('answers file: a secret is never repeated in an error', () => {
  const SECRET = 'S3cr3t-never-printed';
  tried('answers-file secrets in errors', 7);
  test.each([
    ['secrets.tsigSecret', ['list', SECRET]],
    ['secrets.sudoPassword', { nested: SECRET }],
    ['secrets.senders', SECRET],
    ['secrets.dnsCredentials', [SECRET]],
    ['secrets.dnsCredentials', { 'bad name': SECRET }],
  ])('%s = %j', (key, value) => {
    const problems = refusal(yamlWith(key, value));
    expect(problems.join('\n')).not.toContain(SECRET);
  });

  test('a sender password with a line break is refused without showing it', () => {
    const problems = refusal(yamlWith('secrets.senders', { 'me@example.com': `${SECRET}\nmore` }));
    expect(problems[0]).toMatch(/^secrets.senders.me@example.com: .*line/);
    expect(problems.join('\n')).not.toContain(SECRET);
  });

  test('a YAML syntax error inside the secrets section shows no value', () => {
    const text = `host: {address: 203.0.113.7}\ndomain: example.com\ntls: {dnsProvider: dns_cf}\nsecrets:\n  tsigSecret: "${SECRET}\n bad: [\n`;
    const problems = refusal(text);
    expect(problems.join('\n')).not.toContain(SECRET);
  });
});

describe('the wizard\'s answers go through the same checks', () => {
  tried('wizard values', 1);
  test('a hostile value typed at a prompt is refused naming its key', () => {
    const values = {
      'host.address': '203.0.113.7',
      domain: 'example.com',
      'tls.dnsProvider': 'dns_cf',
      'receiving.mode': 'forward',
      'receiving.forwardTo': '|/usr/bin/touch@example.com',
    };
    expect(() => answersFromValues(values)).toThrow(/receiving.forwardTo/);
  });
});
