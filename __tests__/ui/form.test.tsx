import { jest } from '@jest/globals';
import { Box } from 'ink';
import { render } from 'ink-testing-library';
import { BACKSPACE, DOWN, ENTER, tick, until as shown } from './keys.js';
import { SUPPORTED } from '../../src/remote/os.js';
import { signsNatively } from '../../src/server/version.js';
import { chasquidFacts } from '../../src/ui/assets.js';
import { nginxMemoryMb } from '../../src/tasks/nginx-facts.js';
import { spamFilterFacts } from '../../src/tasks/spam-filter-facts.js';
import { Form } from '../../src/ui/screens/Form.js';
import { screens } from '../../src/ui/wizard-screens.js';

function screen(id: string) {
  return screens.find((s) => s.id === id)!;
}

describe('wizard screens', () => {
  test('Domain: a hostile domain is refused as you type and Enter does not advance', async () => {
    const done = jest.fn();
    const ui = render(<Form screen={screen('domain')} values={{}} onDone={done} onBack={() => undefined} />);
    await tick();
    ui.stdin.write('exa$(id)mple.com');
    await tick();
    expect(ui.lastFrame()).toMatch(/✗ Mail domain has the label "exa\$\(id\)mple"/);
    ui.stdin.write(ENTER);
    await tick();
    expect(done).not.toHaveBeenCalled();
    for (let i = 0; i < 'exa$(id)mple.com'.length; i++) ui.stdin.write(BACKSPACE);
    await tick();
    ui.stdin.write('example.com');
    await tick();
    expect(ui.lastFrame()).not.toMatch(/✗/);
    ui.stdin.write(ENTER);
    await shown(ui, 'Server host name');
    // The host name defaults to smtp.<domain>.
    expect(ui.lastFrame()).toContain('Server host name (reverse DNS): smtp.example.com');
    ui.stdin.write(ENTER);
    await tick();
    expect(done).toHaveBeenCalledWith({ domain: 'example.com', hostname: 'smtp.example.com' });
    ui.unmount();
  });

  test('Receiving: the forward address is asked only when forwarding, and must be an address', async () => {
    const done = jest.fn();
    const ui = render(<Form screen={screen('receiving')} values={{}} onDone={done} onBack={() => undefined} />);
    await tick();
    ui.stdin.write(ENTER); // first item: forward
    await shown(ui, 'Forward to');
    ui.stdin.write('me,you@gmail.com');
    await tick();
    expect(ui.lastFrame()).toMatch(/✗ Forward to \(e.g. you@gmail.com\) has the local part "me,you"/);
    ui.unmount();

    const other = jest.fn();
    const ui2 = render(<Form screen={screen('receiving')} values={{}} onDone={other} onBack={() => undefined} />);
    await tick();
    ui2.stdin.write(DOWN);
    await tick();
    ui2.stdin.write(ENTER);
    await tick();
    expect(other).toHaveBeenCalledWith({ 'receiving.mode': 'existing' });
    ui2.unmount();
  });

  test('Receiving: with forwarding, a spam filter is offered, SpamAssassin first, each with the memory measured for it', async () => {
    const done = jest.fn();
    const { filters } = spamFilterFacts();
    const ui = render(<Form screen={screen('receiving')} values={{}} onDone={done} onBack={() => undefined} />);
    await tick();
    ui.stdin.write(ENTER); // forward
    await shown(ui, 'Forward to');
    ui.stdin.write('me@gmail.com');
    await tick();
    ui.stdin.write(ENTER);
    await shown(ui, 'Spam filter before forwarding');
    const frame = ui.lastFrame()!;
    expect(frame).toMatch(/❯ SpamAssassin \(recommended; [\s\S]*rspamd[\s\S]*No filter/);
    for (const f of filters) expect(frame).toContain(`${f.title} (${f.id === 'spamassassin' ? 'recommended; ' : ''}${Math.min(...Object.values(f.memoryMb))}-${Math.max(...Object.values(f.memoryMb))} MB of memory)`);
    expect(frame).toContain('No greylisting');
    ui.stdin.write(ENTER); // the first: the default
    await tick();
    expect(done).toHaveBeenCalledWith({ 'receiving.mode': 'forward', 'receiving.forwardTo': 'me@gmail.com', 'receiving.spamFilter': 'spamassassin' });
    ui.unmount();
  });

  test('Receiving: a server known to run Debian 12 gets that release\'s memory figures', () => {
    const info = screen('receiving').info!({ 'receiving.mode': 'forward' }, { os: { id: 'debian', versionId: '12' } }).join('\n');
    for (const f of spamFilterFacts().filters) expect(info).toContain(`${f.title} about ${f.memoryMb.debian12} MB`);
    expect(screen('receiving').info!({ 'receiving.mode': 'existing' })).toEqual([]);
  });

  test('DNS: serving the MTA-STS policy from the server names the memory nginx adds, on the choice and under the questions', async () => {
    const done = jest.fn();
    const nginx = nginxMemoryMb();
    const range = `${Math.min(...Object.values(nginx))}-${Math.max(...Object.values(nginx))} MB`;
    const ui = render(<Form screen={screen('dns')} values={{ domain: 'example.com', 'receiving.mode': 'forward' }} onDone={done} onBack={() => undefined} />);
    await tick();
    ui.stdin.write(ENTER); // DMARC quarantine
    await shown(ui, 'Send daily DMARC reports');
    ui.stdin.write(ENTER); // no reports
    await shown(ui, 'MTA-STS (senders must use TLS');
    expect(ui.lastFrame()).not.toContain('adds nginx');
    ui.stdin.write(DOWN); // testing
    await tick();
    ui.stdin.write(ENTER);
    await shown(ui, 'Serve the MTA-STS policy file');
    const frame = ui.lastFrame()!.replace(/\s+/g, ' ');
    expect(frame).toContain(`From this server (nginx on 443 for mta-sts.example.com, same certificate; ${range} of memory)`);
    expect(frame).toContain(`Serving the MTA-STS policy from this server adds nginx: ${range} of memory (measured; a small VPS has 1-2 GB).`);
    ui.unmount();
  });

  test('DNS: with the server\'s release known, the figure measured there; nothing when the policy is not served from the server', () => {
    const info = screen('dns').info!;
    const on = { 'receiving.mode': 'forward', 'mtaSts.mode': 'enforce', 'mtaSts.serve': 'server' };
    expect(info(on, { os: { id: 'debian', versionId: '12' } })).toEqual([`Serving the MTA-STS policy from this server adds nginx: about ${nginxMemoryMb().debian12} MB of memory (measured; a small VPS has 1-2 GB).`]);
    expect(info({ ...on, 'mtaSts.serve': 'elsewhere' })).toEqual([]);
    expect(info({ ...on, 'mtaSts.mode': 'off' })).toEqual([]);
    expect(info({ ...on, 'receiving.mode': 'existing' })).toEqual([]);
  });

  test('Certificate: the provider list is searchable and asks only that provider\'s credentials, described, masked', async () => {
    const done = jest.fn();
    const ui = render(<Form screen={screen('certificate')} values={{ domain: 'example.com' }} onDone={done} onBack={() => undefined} />);
    await tick();
    ui.stdin.write(ENTER); // lego, the default
    await shown(ui, 'Your DNS provider');
    ui.stdin.write('cloudfl');
    await shown(ui, 'cloudfl');
    expect(ui.lastFrame()).toContain('Cloudflare');
    expect(ui.lastFrame()).not.toContain('DigitalOcean');
    ui.stdin.write(ENTER);
    await shown(ui, 'API token:');
    const frame = (ui.lastFrame() ?? '').replace(/\s+/g, ' ');
    expect(frame).toContain('https://dash.cloudflare.com/profile/api-tokens');
    expect(frame).toContain('Zone → DNS → Edit');
    expect(frame).toContain('(CLOUDFLARE_DNS_API_TOKEN)');
    expect(frame).not.toContain('command line');
    ui.stdin.write('tok-12345');
    await tick();
    expect(ui.lastFrame()).not.toContain('tok-12345');
    expect(ui.lastFrame()).toContain('•••••••••');
    ui.unmount();
  });

  test('Certificate with acme.sh: the token trade-off is on the screen, an identifier is shown as typed, an empty optional field reads (none)', async () => {
    const done = jest.fn();
    const ui = render(<Form screen={screen('certificate')} values={{ domain: 'example.com' }} onDone={done} onBack={() => undefined} />);
    await tick();
    ui.stdin.write(DOWN);
    await tick();
    ui.stdin.write(ENTER); // acme.sh
    await shown(ui, 'Your DNS provider');
    ui.stdin.write('cloudfl');
    await shown(ui, 'cloudfl');
    ui.stdin.write(ENTER);
    await shown(ui, 'API token:');
    const note = (ui.lastFrame() ?? '').replace(/\s+/g, ' ');
    expect(note).toContain('acme.sh passes CF_Token to curl as a command-line header');
    expect(note).toContain('choose lego');
    for (const [label, answer] of [['API token:', 'tok-12345'], ['Account ID', ''], ['Zone ID', 'zone-id-678']] as const) {
      await shown(ui, label);
      await tick();
      ui.stdin.write(answer);
      await tick();
      ui.stdin.write(ENTER);
      await tick();
    }
    const frame = ui.lastFrame() ?? '';
    expect(frame).toContain('✔ API token: •••');
    expect(frame).toContain('✔ Account ID (optional): (none)');
    expect(frame).toContain('✔ Zone ID (optional): zone-id-678');
    expect(frame).not.toContain('tok-12345');
    ui.unmount();
  });

  test('Host: an answered choice shows its title ("Contabo"), while the answer keeps its id', async () => {
    const done = jest.fn();
    const ui = render(<Form screen={screen('host')} values={{}} onDone={done} onBack={() => undefined} />);
    await shown(ui, 'Your hosting provider');
    ui.stdin.write(ENTER);
    await shown(ui, 'Server address');
    expect(ui.lastFrame()).toContain('✔ Your hosting provider: Contabo');
    expect(ui.lastFrame()).not.toContain('provider: contabo');
    for (const answer of ['203.0.113.7', '', '', '']) {
      ui.stdin.write(answer);
      await tick();
      ui.stdin.write(ENTER);
      await tick();
    }
    expect(done).toHaveBeenCalledWith(expect.objectContaining({ 'host.profile': 'contabo', 'host.address': '203.0.113.7' }));
    ui.unmount();
  });

  test('Esc on the first field goes back a screen', async () => {
    const back = jest.fn();
    const ui = render(<Form screen={screen('ipv6')} values={{}} onDone={() => undefined} onBack={back} />);
    await tick();
    ui.stdin.write('\x1b');
    await tick();
    expect(back).toHaveBeenCalled();
    ui.unmount();
  });

  test('chasquid comes between Certificate and Senders, and only informs: Enter goes on with the answers unchanged', async () => {
    expect(screens.map((s) => s.id)).toEqual(['host', 'domain', 'ipv6', 'certificate', 'chasquid', 'senders', 'receiving', 'dns', 'backup', 'testmail']);
    const done = jest.fn();
    const back = jest.fn();
    const values = { domain: 'example.com', hostname: 'mx1.example.com' };
    // The wizard's right column is 56 wide; the whole screen must fit it and 22 rows.
    const ui = render(
      <Box width={56}>
        <Form screen={screen('chasquid')} values={values} onDone={done} onBack={back} />
      </Box>,
    );
    await shown(ui, 'Listens on');
    const frame = ui.lastFrame()!;
    // The OS is not known yet (first run): each release's package is listed.
    expect(frame).toContain('Debian 12: 1.11, DKIM by a hook');
    expect(frame).toContain('Debian 13: 1.15, native DKIM');
    expect(frame).toContain('Ubuntu 24.04: the version apt offers');
    expect(frame).toMatch(/25: SMTP/);
    expect(frame).toMatch(/587: submission with STARTTLS/);
    expect(frame).toMatch(/465: submission over TLS/);
    expect(frame).toContain('Announces itself as mx1.example.com');
    expect(frame).toContain('/etc/chasquid/certs/mx1.example.com/');
    expect(frame).toContain('/etc/chasquid/domains/example.com/');
    expect(frame.split('\n').length).toBeLessThanOrEqual(22);
    for (const line of frame.split('\n')) expect(line.length).toBeLessThanOrEqual(56);
    ui.stdin.write('\x1b');
    await tick();
    expect(back).toHaveBeenCalledTimes(1);
    ui.stdin.write(ENTER);
    await tick();
    expect(done).toHaveBeenCalledWith(values);
    ui.unmount();
  });

  test('chasquid: with the server\'s OS known from an earlier run, the screen names that package and its DKIM mode', async () => {
    const ui = render(<Form screen={screen('chasquid')} values={{ domain: 'example.com' }} known={{ os: { id: 'debian', versionId: '13' } }} onDone={() => undefined} onBack={() => undefined} />);
    await shown(ui, 'Listens on');
    const frame = ui.lastFrame()!;
    expect(frame).toContain("Installs chasquid 1.15 from Debian 13's packages; chasquid signs DKIM natively.");
    expect(frame).not.toContain('Debian 12');
    // The host name defaults to smtp.<domain> as on the Domain screen.
    expect(frame).toContain('Announces itself as smtp.example.com');
    ui.unmount();
  });

  test('chasquid facts: every supported release is listed, and each DKIM mode agrees with the version the DKIM step acts on', () => {
    const { releases } = chasquidFacts();
    for (const [os, versions] of Object.entries(SUPPORTED)) {
      for (const v of versions) expect(releases.find((r) => r.os === os && r.versionId === v)).toBeDefined();
    }
    for (const r of releases.filter((x) => x.chasquid)) expect(r.dkim).toBe(signsNatively(r.chasquid!) ? 'native' : 'hook');
  });
});

describe('backup and test mail screens', () => {
  test('Backup: the folder defaults to one named after the server, the remote is optional, the DKIM key stays out unless chosen', async () => {
    const done = jest.fn();
    const ui = render(<Form screen={screen('backup')} values={{ hostname: 'smtp.example.com' }} onDone={done} onBack={() => undefined} />);
    await shown(ui, 'Keep the backup');
    expect(ui.lastFrame()).toMatch(/mailsetup-backup\/smtp\.example\.com/);
    ui.stdin.write(ENTER);
    await shown(ui, 'private git remote');
    ui.stdin.write('ext::sh -c touch% /tmp/pwned');
    await tick();
    expect(ui.lastFrame()).toMatch(/✗ /);
    for (let i = 0; i < 'ext::sh -c touch% /tmp/pwned'.length; i++) ui.stdin.write(BACKSPACE);
    await tick();
    ui.stdin.write(ENTER); // empty: no remote
    await shown(ui, 'Keep it out of the backup');
    ui.stdin.write(ENTER);
    await tick();
    const values = done.mock.calls[0]![0] as Record<string, string>;
    expect(values['backup.dir']).toMatch(/\/mailsetup-backup\/smtp\.example\.com$/);
    expect(values['backup.remote'] ?? '').toBe('');
    expect(values['backup.includeDkimKey']).toBe('false');
    ui.unmount();
  });

  test('Test mail: goes to the forward-to mailbox unless changed, and must be an address', async () => {
    const done = jest.fn();
    const ui = render(<Form screen={screen('testmail')} values={{ 'receiving.forwardTo': 'me@gmail.com' }} onDone={done} onBack={() => undefined} />);
    await shown(ui, 'Send a test mail to');
    expect(ui.lastFrame()).toContain('Send a test mail to (e.g. you@gmail.com): me@gmail.com');
    ui.stdin.write('x"y');
    await tick();
    expect(ui.lastFrame()).toMatch(/✗ /);
    ui.stdin.write(ENTER);
    await tick();
    expect(done).not.toHaveBeenCalled();
    for (let i = 0; i < 3; i++) ui.stdin.write(BACKSPACE);
    await tick();
    ui.stdin.write(ENTER);
    await tick();
    expect(done).toHaveBeenCalledWith(expect.objectContaining({ 'testMail.to': 'me@gmail.com' }));
    ui.unmount();
  });
});

test('DNS: the DMARC policy and its report address are asked before how the records are published', async () => {
  const done = jest.fn();
  const ui = render(<Form screen={screen('dns')} values={{ domain: 'example.com' }} onDone={done} onBack={() => undefined} />);
  await shown(ui, 'DMARC policy');
  expect(ui.lastFrame()).toMatch(/❯ Spam folder \(quarantine\)/);
  ui.stdin.write(DOWN);
  await tick();
  ui.stdin.write(DOWN);
  await tick();
  ui.stdin.write(ENTER); // reject
  await shown(ui, 'DMARC reports');
  ui.stdin.write('dmarc@example.com,x');
  await tick();
  expect(ui.lastFrame()).toMatch(/✗ /);
  ui.stdin.write(BACKSPACE);
  ui.stdin.write(BACKSPACE);
  await tick();
  ui.stdin.write(ENTER);
  await shown(ui, 'Publish the records');
  ui.stdin.write(ENTER); // manual
  await tick();
  expect(done).toHaveBeenCalledWith(expect.objectContaining({ 'dmarc.policy': 'reject', 'dmarc.rua': 'dmarc@example.com', 'dns.provider': 'manual' }));
  ui.unmount();
});

test('Host: a list longer than its window says so, and the last item ("Other host") is reachable', async () => {
  const done = jest.fn();
  const ui = render(<Form screen={screen('host')} values={{}} onDone={done} onBack={() => undefined} />);
  await shown(ui, 'Your hosting provider');
  expect(ui.lastFrame()).toMatch(/1-7 of \d+ · ↑\/↓ for more/);
  expect(ui.lastFrame()).not.toContain('Other host');
  for (let i = 0; i < 20; i++) ui.stdin.write(DOWN);
  await shown(ui, '❯ Other host');
  expect(ui.lastFrame()).toMatch(/❯ Other host/);
  ui.unmount();
});

test('One credential, both jobs: PowerDNS chosen on the certificate screen, its key typed once (masked), then the DNS screen offers publishing through it first and asks nothing more', async () => {
  const cert = jest.fn();
  const ui = render(<Form screen={screen('certificate')} values={{ domain: 'example.com' }} onDone={cert} onBack={() => undefined} />);
  await tick();
  ui.stdin.write(ENTER); // lego
  await shown(ui, 'Your DNS provider');
  ui.stdin.write('powerdns');
  await shown(ui, 'PowerDNS (HTTP API)');
  ui.stdin.write(ENTER);
  await shown(ui, 'API URL');
  const answers: [string, string][] = [['API URL', 'http://ns1.example.com:8081'], ['API key:', 'pdns-key-123456'], ['Server id', 'localhost']];
  for (const [label, answer] of answers) {
    await shown(ui, label);
    ui.stdin.write(answer);
    await tick();
    ui.stdin.write(ENTER);
    await tick();
  }
  // lego's optional tuning values left empty, and the email as offered.
  for (let i = 0; i < 10 && !cert.mock.calls.length; i++) {
    ui.stdin.write(ENTER);
    await tick();
    await tick();
  }
  expect(ui.lastFrame()).not.toContain('pdns-key-123456');
  expect(cert).toHaveBeenCalledWith(expect.objectContaining({ 'tls.dnsProvider': 'pdns', 'secrets.dnsCredentials.PDNS_API_KEY': 'pdns-key-123456' }));
  ui.unmount();

  const values = { domain: 'example.com', 'tls.client': 'lego', ...(cert.mock.calls[0]![0] as Record<string, string>) };
  const dns = jest.fn();
  const ui2 = render(<Form screen={screen('dns')} values={values} onDone={dns} onBack={() => undefined} />);
  await shown(ui2, 'DMARC policy');
  ui2.stdin.write(ENTER);
  await shown(ui2, 'DMARC reports');
  ui2.stdin.write(ENTER);
  await shown(ui2, 'Publish the records');
  expect(ui2.lastFrame()).toMatch(/❯ Automatically through PowerDNS \(HTTP API\)/);
  ui2.stdin.write(ENTER);
  await tick();
  expect(dns).toHaveBeenCalledWith(expect.objectContaining({ 'dns.provider': 'powerdns' }));
  // No second credential was asked for: the screen's answers hold no secret.
  expect(Object.keys(dns.mock.calls[0]![0] as object).filter((k) => k.startsWith('secrets.') && !(k in values))).toEqual([]);
  ui2.unmount();

  // A provider mailsetup cannot publish through is not offered as one.
  const ui3 = render(<Form screen={screen('dns')} values={{ domain: 'example.com', 'tls.client': 'lego', 'tls.dnsProvider': 'gandiv5' }} onDone={() => undefined} onBack={() => undefined} />);
  await shown(ui3, 'DMARC policy');
  ui3.stdin.write(ENTER);
  await shown(ui3, 'DMARC reports');
  ui3.stdin.write(ENTER);
  await shown(ui3, 'Publish the records');
  expect(ui3.lastFrame()).not.toContain('Automatically through');
  expect(ui3.lastFrame()).toMatch(/❯ I will add them myself/);
  ui3.unmount();
});
