import { mkdtemp, readFile, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseAnswersYaml } from '../../src/state/answers-file.js';
import { createLogger } from '../../src/state/logger.js';
import { StateStore } from '../../src/state/store.js';

describe('state file', () => {
  test('is saved 0600, holds answers and step status, never a secret', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'mailsetup-state-'));
    const { answers, secrets } = parseAnswersYaml(
      'host: {address: 203.0.113.7}\ndomain: example.com\ntls: {dnsProvider: dns_cf}\nsenders: [i@example.com]\n' +
        'secrets: {senders: {i@example.com: Sup3r-Secret-Pw}, dnsCredentials: {CF_Token: cf-token-value}}\n',
    );
    const store = await StateStore.open(dir, 'root', '203.0.113.7', 22);
    expect(store.exists).toBe(false);
    await store.setAnswers(answers);
    await store.setStep('preflight', 'done');
    await store.setStep('chasquid', 'running');
    const mode = (await stat(store.file)).mode & 0o777;
    expect(mode).toBe(0o600);
    const text = await readFile(store.file, 'utf8');
    expect(text).toContain('203.0.113.7');
    for (const secret of [secrets.senderPasswords['i@example.com']!, secrets.dnsCredentials.CF_Token!]) expect(text).not.toContain(secret);

    const again = await StateStore.open(dir, 'root', '203.0.113.7', 22);
    expect(again.exists).toBe(true);
    expect(again.status('preflight')).toBe('done');
    expect(again.status('chasquid')).toBe('running');
    expect(again.status('dkim')).toBe('pending');
  });

  test('a corrupt state file is reported with what to do', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'mailsetup-state-'));
    const store = await StateStore.open(dir, 'root', 'h', 22);
    await store.save();
    const { writeFile } = await import('node:fs/promises');
    await writeFile(store.file, '{"version":1,');
    await expect(StateStore.open(dir, 'root', 'h', 22)).rejects.toThrow(/Move it away to start over/);
  });

  test('the log file is 0600 and redacts secrets', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'mailsetup-log-'));
    const logger = createLogger(dir, 'host', ['hunter22-password']);
    logger.line('sudo said: hunter22-password is wrong');
    logger.addSecret('tsig-secret-value');
    logger.line('update with tsig-secret-value');
    const text = await readFile(logger.file!, 'utf8');
    expect(text).toContain('sudo said: *** is wrong');
    expect(text).not.toMatch(/hunter22|tsig-secret-value/);
    expect((await stat(logger.file!)).mode & 0o777).toBe(0o600);
  });
});

describe('which DNS provider variables are secrets', () => {
  test('tokens and secrets are masked; what the registry declares not secret (addresses, key names, zones, settings) is not; an unknown name is', async () => {
    const { credentialSecrets } = await import('../../src/state/secrets.js');
    expect(
      credentialSecrets({
        CF_Token: 'cf-token-value',
        RFC2136_TSIG_SECRET: 'c2VjcmV0LXZhbHVl',
        AWS_SECRET_ACCESS_KEY: 'aws-secret',
        RFC2136_NAMESERVER: '10.77.0.1:53',
        RFC2136_TSIG_KEY: 'mailsetup-lab',
        RFC2136_TSIG_ALGORITHM: 'hmac-sha256.',
        RFC2136_SEQUENCE_INTERVAL: '1',
        AWS_REGION: 'eu-central-1',
        NSUPDATE_SERVER: '10.77.0.1',
        NSUPDATE_ZONE: 'example.com',
        NSUPDATE_KEY: '/etc/mailsetup/nsupdate.key',
        CF_Zone_ID: 'zone-id',
        HETZNER_Token: 'hetzner-token',
        NOT_IN_THE_REGISTRY: 'unknown-value',
      }).sort(),
    ).toEqual(['aws-secret', 'c2VjcmV0LXZhbHVl', 'cf-token-value', 'hetzner-token', 'unknown-value']);
  });
});
