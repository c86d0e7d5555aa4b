// `mailsetup hostname set` on a set-up lab VPS: chasquid answers as the new
// name with a certificate valid for it (Pebble's CA trusted), the lab DNS
// has its A record and the PTR, `--check` finds nothing failing in hostname
// DNS, reverse DNS and TLS, and mail still arrives signed. Then back to the
// setup's name, so the lab is as the other day-two tests expect it.
import { readFile } from 'node:fs/promises';
import { Resolver } from 'node:dns/promises';
import { checkServerIdentity, connect, type PeerCertificate } from 'node:tls';
import { execa } from 'execa';
import { parseCli } from '../../src/cli/args.js';
import { describeHostnameChange, swapSpfHost } from '../../src/day2/hostname-plan.js';
import { sh } from '../../src/remote/quote.js';
import type { Remote } from '../../src/remote/types.js';
import { type LabTarget } from '../helpers/provision.js';
import { canRunLab, cliEnv, dkimVerdicts, root, sendToInbox, setUpDay2 } from './helpers.js';
import { CLI_ENTRY } from '../helpers/cli-entry.js';

const maybe = canRunLab ? describe : describe.skip;

test('hostname set: words, the SPF a: term, the plan in words', () => {
  expect(parseCli(['hostname', 'set', 'mail.example.com', '--yes', '--lab'])).toMatchObject({ mode: 'hostname', yes: true, day2: { words: ['set', 'mail.example.com'] } });
  expect(swapSpfHost('v=spf1 a:smtp.example.com ~a:SMTP.example.com/24 a:smtp.example.com.evil ip4:192.0.2.1 -all', 'smtp.example.com', 'mail.example.com')).toBe(
    'v=spf1 a:mail.example.com ~a:mail.example.com/24 a:smtp.example.com.evil ip4:192.0.2.1 -all',
  );
  expect(swapSpfHost('v=spf1 ip4:192.0.2.1 -all', 'smtp.example.com', 'mail.example.com')).toBe('v=spf1 ip4:192.0.2.1 -all');
  const base = { from: 'smtp.example.com', to: 'mx.other.net', domain: 'example.com', names: ['example.com', '*.example.com', 'mx.other.net'], addresses: ['192.0.2.1'], receiving: true, dnsProvider: 'manual', ptrByMailsetup: false, spfHasOldName: true };
  const text = describeHostnameChange({ ...base, reissue: 'the certificate does not cover mx.other.net' }).join('\n');
  expect(text).toMatch(/does not cover mx\.other\.net; a new one is issued for example\.com, \*\.example\.com, mx\.other\.net/);
  expect(text).toMatch(/set the PTR of 192\.0\.2\.1 to mx\.other\.net in your host's panel/);
  expect(text).toMatch(/SPF a:smtp\.example\.com -> a:mx\.other\.net/);
  expect(text).toMatch(/kept: the A\/AAAA records of smtp\.example\.com/);
  expect(text).not.toContain('MTA-STS');
  // MTA-STS: nginx follows on the server; a policy hosted elsewhere is shown for the user to replace.
  const policy = 'version: STSv1\r\nmode: enforce\r\nmx: mx.other.net\r\nmax_age: 604800\r\n';
  expect(describeHostnameChange({ ...base, mtaSts: { servedByServer: true, policy } }).join('\n')).toContain(
    "MTA-STS: the policy's mx becomes mx.other.net; nginx serves https://mta-sts.example.com/.well-known/mta-sts.txt with /etc/chasquid/certs/mx.other.net/'s certificate (reloaded)",
  );
  const elsewhere = describeHostnameChange({ ...base, mtaSts: { servedByServer: false, policy } });
  expect(elsewhere.join('\n')).toContain('replace https://mta-sts.example.com/.well-known/mta-sts.txt on your web host with (lines end with CRLF):');
  expect(elsewhere).toEqual(expect.arrayContaining(['      mx: mx.other.net', '      mode: enforce']));
});

/** The certificate chasquid presents on 465 for a name, checked from this machine against the lab's CA. */
async function tlsFor(host: string, name: string, ca: string): Promise<{ authorized: boolean; error?: string; identity?: Error }> {
  return new Promise((resolve, reject) => {
    const s = connect({ host, port: 465, servername: name, ca, rejectUnauthorized: false }, () => {
      const cert = s.getPeerCertificate() as PeerCertificate;
      resolve({ authorized: s.authorized, error: s.authorizationError?.toString(), identity: checkServerIdentity(name, cert) });
      s.end();
    });
    s.setTimeout(10000, () => s.destroy(new Error('TLS timeout')));
    s.on('error', reject);
  });
}

maybe('mailsetup hostname set on the lab', () => {
  let target: LabTarget;
  let remote: Remote;
  let stateDir: string;
  let ca: string;
  let dns: Resolver;

  beforeAll(async () => {
    ({ target, stateDir, remote } = await setUpDay2('hostname'));
    ca = await readFile(target.run.caFile!, 'utf8');
    dns = new Resolver({ timeout: 3000, tries: 2 });
    dns.setServers([target.run.resolver!]);
  }, 600000);

  afterAll(async () => {
    await remote?.close();
  });

  const run = Date.now().toString(36);
  const outside = (domain: string) => `mx-${run}.out.${domain}`;
  const cli = (args: string[]) => execa('node', [CLI_ENTRY, ...args, '--lab', '--state-dir', stateDir], { cwd: root, env: cliEnv(stateDir), reject: false });

  async function expectServerNamed(name: string, old: string): Promise<void> {
    const conf = (await remote.readFile('/etc/chasquid/chasquid.conf'))!.toString('utf8');
    expect(conf).toMatch(new RegExp(`^hostname: "${name.replace(/\./g, '\\.')}"$`, 'm'));
    expect(conf).not.toContain(`hostname: "${old}"`);
    const folders = (await remote.exec(sh`ls /etc/chasquid/certs`)).stdout.split('\n');
    expect(folders).toContain(name);
    expect(folders).not.toContain(old);
    expect((await remote.readFile('/etc/mailsetup/reload-chasquid.sh'))!.toString('utf8')).toContain(`dir=/etc/chasquid/certs/${name}\n`);

    const tls = await tlsFor(target.vps.ipv4, name, ca);
    expect(tls).toEqual({ authorized: true, error: undefined, identity: undefined });

    expect(await dns.resolve4(name)).toContain(target.vps.ipv4);
    expect(await dns.reverse(target.vps.ipv4)).toEqual([name]);

    const check = await cli(['--check', '--json']);
    const report = JSON.parse(check.stdout) as { hostname: string; results: { id: string; area: string; status: string; title: string; details?: string }[] };
    expect(report.hostname).toBe(name);
    const failing = report.results.filter((r) => r.status === 'fail' && (r.area === 'TLS' || r.area === 'Reverse DNS' || r.id.startsWith('dns.hostname') || r.id.startsWith('dns.mx')));
    expect(failing).toEqual([]);
    expect(report.results.filter((r) => r.area === 'Reverse DNS' && r.status === 'ok').length).toBeGreaterThan(0);
  }

  test('to mail.DOMAIN: chasquid, certificate, A, PTR and checks follow; mail still arrives signed', async () => {
    const { domain, hostname: old } = target.run.answers;
    const name = `mail.${domain}`;
    const r = await cli(['hostname', 'set', name, '--yes']);
    if (r.exitCode !== 0) console.log(r.stdout, r.stderr);
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toContain(`Change this server's host name from ${old} to ${name}`);
    expect(r.stdout).toContain(`the current one covers ${name}`);
    expect(r.stdout).toContain(`removed the certificate of ${old}`);
    expect(r.stdout).toContain(`The A/AAAA records of ${old} stay in DNS`);
    expect(r.stdout).toMatch(/✓ chasquid's hostname is mail\./);
    expect(r.stdout).not.toMatch(/✗/);
    // The old name's A record is left for mail in flight.
    expect(await dns.resolve4(old)).toContain(target.vps.ipv4);

    await expectServerNamed(name, old);

    const sender = target.run.answers.senders[0]!;
    const raw = await sendToInbox(target, sender, target.run.secrets.senderPasswords[sender]!, `hostname-${Date.now()}`);
    // The inbox names the sending server by the EHLO chasquid gave: the new name.
    // (chasquid's own Received line names the TLS server name the client asked for.)
    expect(raw).toMatch(new RegExp(`^Received: from ${name.replace(/\./g, '\\.')} \\(`, 'm'));
    expect(await dkimVerdicts(target, raw)).toEqual([expect.objectContaining({ domain, result: 'pass' })]);

    // A rerun finds everything in place.
    const again = await cli(['hostname', 'set', name, '--yes']);
    expect(again.exitCode).toBe(0);
    expect(again.stdout).toContain(`chasquid.conf already names ${name}`);
  }, 300000);

  test('a name the certificate does not cover: reissued through the certificate step', async () => {
    const { domain } = target.run.answers;
    // Two labels under the domain: *.DOMAIN does not cover it (new each run:
    // the lab's certificate keeps the names an earlier run asked for).
    const name = outside(domain);
    const r = await cli(['hostname', 'set', name, '--yes']);
    if (r.exitCode !== 0) console.log(r.stdout, r.stderr);
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toContain(`the certificate does not cover ${name}; a new one is issued for ${domain}, *.${domain}, ${name}`);
    expect(r.stdout).toMatch(/Issue the certificate \(DNS-01\): issued/);
    expect((await remote.readFile('/etc/mailsetup/renew-certificate.sh'))!.toString('utf8')).toContain(`'-d' ${name} renew`);
    await expectServerNamed(name, `mail.${domain}`);
  }, 300000);

  test('and back to the setup\'s name', async () => {
    const { domain, hostname } = target.run.answers;
    const r = await cli(['hostname', 'set', hostname, '--yes']);
    if (r.exitCode !== 0) console.log(r.stdout, r.stderr);
    expect(r.exitCode).toBe(0);
    await expectServerNamed(hostname, outside(domain));
    // The daily renewal asks only for the names the certificate needs again.
    expect((await remote.readFile('/etc/mailsetup/renew-certificate.sh'))!.toString('utf8')).not.toContain(outside(target.run.answers.domain));
  }, 300000);
});
