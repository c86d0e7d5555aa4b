// The zone snippet as the DNS records screen shows it (every line within the
// 56-column pane) is still a zone file: BIND's own named-checkzone loads it,
// and the DKIM and SPF values it holds are exactly the records' values.
import { execa } from 'execa';
import { generateKeyPairSync } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dkimFromKey, dkimValue } from '../../src/dns/dkim.js';
import { buildRecords } from '../../src/dns/records.js';
import { renderZoneSnippet } from '../../src/dns/render-zone.js';

const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
const dkim = dkimValue(dkimFromKey(rsa.publicKey.export({ type: 'spki', format: 'pem' })));

test('the narrow zone snippet fits 56 columns and named-checkzone reads back the same values', async () => {
  const plan = buildRecords({
    domain: 'example.test',
    hostname: 'smtp.example.test',
    ipv4: ['10.77.2.12'],
    ipv6: ['fd6d:6c61:6202::12'],
    dkim: { selector: 'ms20261128', publicRecord: dkim },
    dmarc: { p: 'quarantine', fo: '1', rua: ['postmaster@example.test'] },
    receiving: true,
    existingApexTxt: [],
  });
  const snippet = renderZoneSnippet(plan.records, 'example.test', { width: 56 });
  for (const line of snippet.split('\n')) expect(line.length).toBeLessThanOrEqual(56);
  const dir = await mkdtemp(join(tmpdir(), 'mailsetup-zone-'));
  try {
    const file = join(dir, 'example.test.zone');
    await writeFile(file, `$TTL 3600\n@ IN SOA ns1.example.test. hostmaster.example.test. 1 3600 600 86400 300\n@ IN NS ns1.example.test.\nns1 IN A 10.77.2.1\n${snippet}`);
    const checked = await execa('named-checkzone', ['example.test', file], { reject: false });
    expect(checked.stderr + checked.stdout).toMatch(/OK/);
    expect(checked.exitCode).toBe(0);
    // One record per line with its full owner name.
    const dump = (await execa('named-compilezone', ['-q', '-s', 'full', '-o', '-', 'example.test', file])).stdout;
    const txt = (owner: string) => {
      const line = dump.split('\n').find((l) => l.startsWith(`${owner}\t`) && /\sTXT\s/.test(l));
      return [...(line ?? '').matchAll(/"((?:[^"\\]|\\.)*)"/g)].map((m) => m[1]).join('');
    };
    expect(txt('ms20261128._domainkey.example.test.')).toBe(dkim);
    // Long enough to be split in the pane; the strings join back to the exact policy.
    expect(snippet).toMatch(/_dmarc 3600 IN TXT \(\n/);
    expect(txt('_dmarc.example.test.')).toBe(plan.records.find((r) => r.name === '_dmarc.example.test')!.values[0]);
    expect(txt('example.test.')).toBe(plan.records.find((r) => r.type === 'TXT' && r.name === 'example.test')!.values[0]);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
