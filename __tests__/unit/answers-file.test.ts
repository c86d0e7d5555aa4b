import { homedir } from 'node:os';
import { join } from 'node:path';
import { parseAnswersYaml, AnswersFileError } from '../../src/state/answers-file.js';
import { spamFilterOf } from '../../src/state/answers.js';

const minimal = `
host:
  address: 203.0.113.7
domain: example.com
tls:
  dnsProvider: dns_cf
`;

function problems(text: string): string[] {
  try {
    parseAnswersYaml(text, 'a.yaml');
  } catch (error) {
    expect(error).toBeInstanceOf(AnswersFileError);
    return (error as AnswersFileError).problems;
  }
  throw new Error('expected the answers file to be refused');
}

describe('answers file', () => {
  test('a path on this computer given as ~/... is read as the home folder, not a folder named ~', () => {
    const { answers } = parseAnswersYaml(`${minimal}backup: {dir: ~/mail-backup}\ntls: {dnsProvider: dns_cf, acmeCaFile: ~/ca.pem}\n`.replace(/^tls:\n  dnsProvider: dns_cf\n/m, ''));
    expect(answers.backup.dir).toBe(join(homedir(), 'mail-backup'));
    expect(answers.tls.acmeCaFile).toBe(join(homedir(), 'ca.pem'));
    expect(parseAnswersYaml(`${minimal}backup: {dir: /srv/backup}\n`).answers.backup.dir).toBe('/srv/backup');
  });

  test('a minimal file gets the defaults', () => {
    const { answers, secrets } = parseAnswersYaml(minimal);
    expect(answers.host).toEqual({ address: '203.0.113.7', user: 'root', port: 22 });
    expect(answers.hostname).toBe('smtp.example.com');
    expect(answers.tls).toMatchObject({ client: 'acme.sh', dnsProvider: 'dns_cf', email: 'postmaster@example.com' });
    expect(answers.dmarc).toEqual({ policy: 'quarantine', fo: '1' });
    expect(secrets.senderPasswords).toEqual({});
  });

  test('a missing answer is an error naming the key', () => {
    expect(problems('domain: example.com\ntls: {dnsProvider: dns_cf}\n')).toEqual(['host.address: missing (server IP or host name (an ~/.ssh/config alias works))']);
    expect(problems(`${minimal}receiving: {mode: forward}\n`)).toContain('receiving.forwardTo: missing (required when receiving.mode is forward)');
  });

  test('receiving.spamFilter: spamassassin when forwarding and unset, none without forwarding, an unknown filter refused', () => {
    const forward = `${minimal}receiving: {mode: forward, forwardTo: me@inbox.test}\n`;
    expect(spamFilterOf(parseAnswersYaml(forward).answers)).toBe('spamassassin');
    expect(spamFilterOf(parseAnswersYaml(forward.replace('}', ', spamFilter: rspamd}')).answers)).toBe('rspamd');
    expect(spamFilterOf(parseAnswersYaml(forward.replace('}', ', spamFilter: none}')).answers)).toBe('none');
    expect(spamFilterOf(parseAnswersYaml(minimal).answers)).toBe('none');
    expect(problems(forward.replace('}', ', spamFilter: amavis}'))).toEqual([expect.stringContaining('receiving.spamFilter: expected one of spamassassin, rspamd, none')]);
  });

  test('unknown keys, wrong types and bad values are each named', () => {
    const found = problems(`${minimal}colour: blue\nipv6: {enable: "yes"}\nhost2: 1\ndmarc: {policy: strict, fo: "2"}\nsenders: ["a,b@example.com"]\n`);
    expect(found).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^colour: unknown key/),
        expect.stringMatching(/^host2: unknown key/),
        expect.stringMatching(/^ipv6.enable: expected true or false/),
        expect.stringMatching(/^dmarc.policy: expected one of none, quarantine, reject, got "strict"/),
        expect.stringMatching(/^dmarc.fo: "2" must be 0, 1, d, s/),
        expect.stringMatching(/^senders\[0\]: "a,b@example.com" has the local part/),
      ]),
    );
    expect(found).toHaveLength(6);
  });

  test('hostile domains are refused with the reason', () => {
    expect(problems(minimal.replace('example.com', '"example.com; touch /tmp/x"'))[0]).toMatch(/^domain: .*spaces or control characters/);
    expect(problems(minimal.replace('example.com', '"exa$(id)mple.com"'))[0]).toMatch(/^domain: .*use only letters, digits and inner hyphens/);
    expect(problems(minimal.replace('example.com', '"exаmple.com"'))[0]).toMatch(/punycode/);
    expect(problems(minimal.replace('example.com', `${'a'.repeat(64)}.com`))[0]).toMatch(/at most 63/);
  });

  test('duplicate keys are refused instead of the last one winning', () => {
    expect(problems(`${minimal}domain: other.com\n`)[0]).toMatch(/unique|duplicate/i);
  });

  test('secrets are taken apart from the answers', () => {
    const { answers, secrets } = parseAnswersYaml(`${minimal}senders: [i@example.com]\nsecrets:\n  senders: {i@example.com: "p'a\\"$(x)"}\n  tsigSecret: c2VjcmV0\n`);
    expect(secrets.senderPasswords['i@example.com']).toBe(`p'a"$(x)`);
    expect(secrets.tsigSecret).toBe('c2VjcmV0');
    expect(JSON.stringify(answers)).not.toMatch(/c2VjcmV0|\$\(x\)/);
    expect(answers).not.toHaveProperty('secrets');
  });
});

describe('sender passwords in the answers file', () => {
  test('hostile characters are kept literally; a line break or a short password is refused', () => {
    const ok = parseAnswersYaml(`${minimal}secrets: {senders: {i@example.com: "q'\\"\`$(touch /tmp/x)ü"}}\n`);
    expect(ok.secrets.senderPasswords['i@example.com']).toBe(`q'"\`$(touch /tmp/x)ü`);
    expect(problems(`${minimal}secrets: {senders: {i@example.com: "two\\nlines-pw"}}\n`)).toEqual([
      'secrets.senders.i@example.com: the value contains a line break or NUL: a secret must be one line of text',
    ]);
    expect(problems(`${minimal}secrets: {senders: {i@example.com: short}}\n`)[0]).toMatch(/shorter than 8 characters/);
  });
});
