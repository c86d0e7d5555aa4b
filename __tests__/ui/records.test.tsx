// The DNS records screen shown before publishing: each value wrapped (not
// cut), the zone snippet whole and copyable line by line, the page scrolls,
// the screen fits the wizard's 56-column pane and 24 rows, and only Enter goes on.
import { jest } from '@jest/globals';
import { generateKeyPairSync } from 'node:crypto';
import { Box, Text } from 'ink';
import { render } from 'ink-testing-library';
import { tick } from './keys.js';
import { dkimFromKey, dkimValue } from '../../src/dns/dkim.js';
import { planChanges } from '../../src/dns/providers/plan.js';
import { buildRecords } from '../../src/dns/records.js';
import type { RecordsReview } from '../../src/tasks/types.js';
import { Records } from '../../src/ui/screens/Records.js';
import { recordsReviewLines } from '../../src/ui/records-view.js';

const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
const dkim = dkimValue(dkimFromKey(rsa.publicKey.export({ type: 'spki', format: 'pem' })));

function review(provider: string): RecordsReview {
  const plan = buildRecords({
    domain: 'example.test',
    hostname: 'smtp.example.test',
    ipv4: ['10.77.2.12'],
    ipv6: ['fd6d:6c61:6202::12'],
    dkim: { selector: 'ms20261128', publicRecord: dkim },
    dmarc: { p: 'quarantine', fo: '1' },
    receiving: true,
    existingApexTxt: [],
  });
  // DNS already has the A record; an old SPF record is to be replaced.
  const current = [
    { name: 'smtp.example.test', type: 'A' as const, values: ['10.77.2.12'] },
    { name: 'example.test', type: 'TXT' as const, values: ['v=spf1 mx -all'] },
  ];
  return { domain: 'example.test', provider, records: plan.records, changes: planChanges(plan.records, current) };
}

/** Every line of the page, read by scrolling down a page at a time. */
async function readAll(ui: ReturnType<typeof render>): Promise<string[]> {
  const seen: string[] = [];
  for (let i = 0; i < 20; i++) {
    const frame = ui.lastFrame()!;
    seen.push(...frame.split('\n'));
    const at = /scroll \(\d+-(\d+) of (\d+)\)/.exec(frame);
    if (!at || at[1] === at[2]) return seen;
    ui.stdin.write(' ');
    await tick();
  }
  throw new Error('the page never reached its end');
}

describe('the DNS records screen before publishing', () => {
  test('fits the pane and the screen, scrolls to a zone snippet whose DKIM strings join back to the key, and Enter ("I added them") goes on', async () => {
    const done = jest.fn();
    const ui = render(
      <Box flexDirection="column" width={56}>
        <Text>Setting up 10.77.2.12</Text>
        <Records review={review('manual')} onContinue={done} />
      </Box>,
    );
    await tick();
    const first = ui.lastFrame()!;
    expect(first).toContain('DNS records for example.test');
    expect(first).toContain('Add these at your DNS provider');
    expect(first).toContain('Enter: I added them');
    // With the wizard's own header line, 24 rows.
    expect(first.split('\n').length).toBeLessThanOrEqual(23);
    const lines = await readAll(ui);
    for (const line of lines) expect(line.length).toBeLessThanOrEqual(56);
    const text = lines.join('\n');
    expect(text).toMatch(/~ TXT  @  \(replace the old value\)/);
    expect(text).toMatch(/- v=spf1 mx -all/);
    expect(text).toMatch(/= A    smtp/);
    expect(text).toMatch(/\+ TXT  ms20261128\._domainkey/);
    expect(text).toContain('$ORIGIN example.test.');
    expect(text).toContain('ms20261128._domainkey 3600 IN TXT (');
    const strings = [...text.slice(text.indexOf('ms20261128._domainkey 3600 IN TXT (')).matchAll(/^ {2}"([^"]*)"( \))?$/gm)];
    const joined = strings.slice(0, strings.findIndex((m) => m[2]) + 1).map((m) => m[1]).join('');
    expect(joined).toBe(dkim);
    // q does not mean "I added them".
    ui.stdin.write('q');
    await tick();
    expect(done).not.toHaveBeenCalled();
    ui.stdin.write('\r');
    await tick();
    expect(done).toHaveBeenCalledTimes(1);
    ui.unmount();
  });

  test('with RFC 2136 it says it will publish, and Enter publishes', async () => {
    const done = jest.fn();
    const ui = render(<Records review={review('rfc2136')} onContinue={done} />);
    await tick();
    expect(ui.lastFrame()).toContain('mailsetup publishes these through your DNS server');
    expect(ui.lastFrame()).toContain('Enter: publish them');
    expect(ui.lastFrame()).toContain('To publish (names relative to example.test)');
    ui.stdin.write('\r');
    await tick();
    expect(done).toHaveBeenCalledTimes(1);
    ui.unmount();
  });

  test('through a provider API it names the provider: "published through PowerDNS"', async () => {
    const ui = render(<Records review={review('powerdns')} onContinue={() => undefined} />);
    await tick();
    expect(ui.lastFrame()!.replace(/\s+/g, ' ')).toContain('mailsetup publishes these through PowerDNS (HTTP API), then checks each one.');
    expect(ui.lastFrame()).toContain('Enter: publish them');
    ui.unmount();
  });

  test('the DKIM value is wrapped in full in the list of records, not elided', () => {
    const lines = recordsReviewLines(review('manual')).map((l) => l.text);
    const at = lines.findIndex((l) => l.includes('ms20261128._domainkey'));
    const value = lines
      .slice(at + 1)
      .filter((l) => l.startsWith('    '))
      .slice(0, Math.ceil(dkim.length / 50) + 2)
      .map((l) => l.trim())
      .join(' ');
    expect(value.replace(/ /g, '')).toContain(dkim.replace(/ /g, ''));
    expect(lines.join('\n')).not.toContain('…');
  });
});

test('the reverse DNS lines say where the PTR goes: the panel for a manual provider, the DNS server first with RFC 2136', () => {
  const text = (provider: 'manual' | 'rfc2136') => recordsReviewLines(review(provider)).map((l) => l.text).join('\n');
  expect(text('manual')).toContain("Reverse DNS, in your host's panel (shown again later):");
  expect(text('rfc2136')).toContain("Reverse DNS, published if your DNS server holds the reverse zone, else in your host's panel (shown again later):");
  expect(text('rfc2136')).toMatch(/10\.77\.2\.12 -> smtp\.example\.test/);
});
