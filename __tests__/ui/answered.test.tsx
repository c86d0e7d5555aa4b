// What an answered line says: every choice by its title ("Contabo",
// "Cloudflare", "Spam folder (quarantine)"), never its id; and a long answer
// wrapped under its text, read whole ("✔ Keep the backup (a git rep…" was cut).
// Each screen is rendered and answered with Enter, as a person does.
import { Box } from 'ink';
import { render } from 'ink-testing-library';
import { ENTER, tick } from './keys.js';
import { Form } from '../../src/ui/screens/Form.js';
import { credentialFields, fieldsOf, screens, type Values } from '../../src/ui/wizard-screens.js';

const base: Values = {
  'host.profile': 'contabo',
  'host.address': '203.0.113.7',
  'host.user': 'root',
  'host.port': '22',
  domain: 'mydomain.com',
  hostname: 'smtp.mydomain.com',
  'ipv6.enable': 'true',
  'tls.client': 'acme.sh',
  'tls.dnsProvider': 'dns_cf',
  'tls.email': 'postmaster@mydomain.com',
  senders: 'i@mydomain.com',
  'receiving.mode': 'forward',
  'receiving.forwardTo': 'me@gmail.com',
  'dmarc.policy': 'quarantine',
  'dmarc.rua': 'postmaster@mydomain.com',
  'dns.provider': 'rfc2136',
  'dns.server': '192.0.2.53',
  'dns.tsigKeyName': 'mailsetup',
  'secrets.tsigSecret': 'c2VjcmV0',
  'backup.dir': '/home/someone/mailsetup-backup/smtp.mydomain.com',
  'backup.includeDkimKey': 'false',
  'testMail.to': 'me@gmail.com',
  'mtaSts.mode': 'testing',
  'mtaSts.serve': 'server',
  'tls.dane': 'false',
};
const values: Values = { ...base, ...Object.fromEntries(credentialFields(base).map((f) => [f.key, 'credential-value'])) };

/** Answer a screen's fields with Enter; every frame seen, as rows. */
async function answerScreen(id: string): Promise<string[]> {
  const screen = screens.find((s) => s.id === id)!;
  let done = false;
  const ui = render(
    <Box width={56}>
      <Form screen={screen} values={values} onDone={() => (done = true)} onBack={() => undefined} />
    </Box>,
  );
  const rows: string[] = [];
  for (let i = 0; i < 20 && !done; i++) {
    await tick();
    rows.push(...(ui.lastFrame() ?? '').split('\n'));
    ui.stdin.write(ENTER);
    await tick();
  }
  ui.unmount();
  expect(done).toBe(true);
  return rows;
}

test('every answered choice echoes its title, not its id', async () => {
  let checked = 0;
  for (const screen of screens) {
    const fields = fieldsOf(screen, values);
    const rows = await answerScreen(screen.id);
    const text = rows.join('\n').replace(/\s+/g, ' ');
    // A screen's last field is never shown answered: the next screen follows.
    for (const f of fields.slice(0, -1).filter((f) => f.kind === 'select')) {
      const item = f.items!(values).find((i) => i.value === values[f.key])!;
      expect(item).toBeDefined();
      expect(text).toContain(`✔ ${f.label} ${item.label}`);
      if (item.label !== item.value) expect(text).not.toContain(`✔ ${f.label} ${item.value}`);
      checked++;
    }
  }
  // Hosting provider, DNS provider (and the ACME client), DMARC policy, Publish the records, Mail sent to your domain.
  expect(checked).toBeGreaterThanOrEqual(5);
  const host = (await answerScreen('host')).join('\n');
  expect(host).toContain('✔ Your hosting provider: Contabo');
  const certificate = (await answerScreen('certificate')).join('\n').replace(/\s+/g, ' ');
  expect(certificate).toContain('✔ Your DNS provider: Cloudflare');
  expect(certificate).not.toContain('✔ Your DNS provider: dns_cf');
  const dns = (await answerScreen('dns')).join('\n').replace(/\s+/g, ' ');
  expect(dns).toContain('✔ DMARC policy (mail failing SPF and DKIM): Spam folder (quarantine)');
});

test('a long answered line wraps at a word boundary under its text, the path whole on a row of its own', async () => {
  const rows = await answerScreen('backup');
  const at = rows.findIndex((r) => r.startsWith('✔ Keep the backup'));
  expect(at).toBeGreaterThanOrEqual(0);
  expect(rows[at]).toBe('✔ Keep the backup (a git repository) in:');
  expect(rows[at + 1]).toBe('  /home/someone/mailsetup-backup/smtp.mydomain.com');
  expect(rows.join('\n')).not.toContain('…');
});
