// The lab's proof: a second lab instance goes from nothing to up, is used
// the way the wizard will use it (SSH, apt, DNS updates, ACME, inbox),
// reset, and taken down without a trace.
import { jest } from '@jest/globals';
import { execa } from 'execa';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {
  delistFromBlocklist, labDown, labExec, labReset, labUp, listOnBlocklist,
  readInbox, readLabInfo, type LabInfo,
} from '../../src/lab/index.js';
import { canRunLab, dig, labOpts } from './helpers.js';

const maybe = canRunLab ? describe : describe.skip;
jest.setTimeout(600000);

maybe('lab (instance 1)', () => {
  let info: LabInfo;
  const ALL = ['debian12', 'debian13'] as const;
  const vps = (o: (typeof ALL)[number]) => info.vps[o]!;

  beforeAll(async () => {
    await labDown(labOpts); // leftovers of an interrupted run
    const t0 = Date.now();
    info = await labUp(labOpts);
    process.stderr.write(`lab instance 1 up from nothing in ${((Date.now() - t0) / 1000).toFixed(1)} s\n`);
  });

  afterAll(async () => {
    await labDown(labOpts).catch(() => undefined);
  });

  test('lab up from nothing: both VPSes, lab.json and keys private', async () => {
    expect(Object.keys(info.vps).sort()).toEqual(['debian12', 'debian13']);
    expect(await readLabInfo(labOpts)).toEqual(info);
    expect((await stat(path.join(info.stateDir, 'lab.json'))).mode & 0o077).toBe(0);
    expect((await stat(vps('debian12').ssh.keyFile)).mode & 0o077).toBe(0);
    expect((await stat(info.dns.tsig.secretFile)).mode & 0o077).toBe(0);
    expect(vps('debian12').ssh.hostKeyFingerprint).toMatch(/^SHA256:[A-Za-z0-9+/]{43}$/);
    // Idempotent: a second up changes nothing.
    const again = await labUp(labOpts);
    expect(again.vps.debian12?.ssh.hostKeyFingerprint).toBe(vps('debian12').ssh.hostKeyFingerprint);
  });

  test.each(ALL)('SSH into %s: systemd is running, no mail software', async (o) => {
    const r = await labExec(vps(o), 'systemctl is-system-running; . /etc/os-release; echo $VERSION_ID; dpkg -s chasquid >/dev/null 2>&1 && echo has-chasquid || echo no-chasquid');
    expect(r.stdout.split('\n')).toEqual(['running', o === 'debian12' ? '12' : '13', 'no-chasquid']);
  });

  test.each(ALL)('%s has IPv6 switched off like a fresh VPS', async (o) => {
    const r = await labExec(vps(o), 'sysctl -n net.ipv6.conf.all.disable_ipv6; ip -6 addr show scope global | wc -l; grep -c "^ *#.*fd6d" /etc/netplan/01-netcfg.yaml; grep -c "^net.ipv6.conf.all.disable_ipv6 = 1" /etc/sysctl.conf');
    expect(r.stdout.split('\n')).toEqual(['1', '0', '2', '1']);
  });

  test('apt-get install -y chasquid succeeds in both VPSes', async () => {
    const results = await Promise.all(
      ALL.map((o) => labExec(vps(o), "DEBIAN_FRONTEND=noninteractive apt-get install -y -q chasquid >/tmp/apt.log 2>&1; echo $?; dpkg-query -W -f='${Version}' chasquid", { timeoutMs: 400000 })),
    );
    for (const r of results) expect(r.stdout.split('\n')[0]).toBe('0');
    expect(results[0]!.stdout).toMatch(/\n1\.11/);
    expect(results[1]!.stdout).toMatch(/\n1\.1[4-9]/);
  });

  test('a TSIG-signed update adds a TXT record; an unsigned one is refused', async () => {
    const lo = info.dns.loopback;
    const name = `lab-test.${info.domain}`;
    const script = (signed: boolean) =>
      [`server ${lo.host} ${lo.port}`, `update add ${name} 60 TXT "${signed ? 'signed' : 'unsigned'}"`, 'send', ''].join('\n');
    const signed = await execa('nsupdate', ['-k', info.dns.tsig.keyFile], { input: script(true), reject: false });
    expect(signed.exitCode).toBe(0);
    expect(await dig(lo.host, lo.port, 'TXT', name)).toEqual(['"signed"']);
    // The VPS sees it through its resolver too.
    const fromVps = await labExec(vps('debian13'), `getent ahosts ns1.${info.domain} | head -1`);
    expect(fromVps.stdout).toContain(info.dns.server);
    const unsigned = await execa('nsupdate', [], { input: script(false), reject: false });
    expect(unsigned.exitCode).not.toBe(0);
    expect(unsigned.stderr).toMatch(/REFUSED/);
    expect(await dig(info.dns.server, 53, 'TXT', name)).toEqual(['"signed"']);
  });

  test('PTR queries answer for the VPS addresses (IPv4 and IPv6)', async () => {
    const v = vps('debian12');
    const r4 = await execa('dig', ['+short', '-p', '53', `@${info.dns.server}`, '-x', v.ipv4]);
    expect(r4.stdout.trim()).toBe(`${v.ptr}.`);
    const r6 = await execa('dig', ['+short', '-p', '53', `@${info.dns.server}`, '-x', v.ipv6]);
    expect(r6.stdout.trim()).toBe(`${v.ptr}.`);
  });

  test('an address can be listed on and removed from the blocklist', async () => {
    const ip = vps('debian12').ipv4;
    const name = await listOnBlocklist(ip, labOpts);
    expect(name).toBe(`${ip.split('.').reverse().join('.')}.${info.blocklist.zone}`);
    expect(await dig('127.0.0.1', info.dns.loopback.port, 'A', name)).toEqual(['127.0.0.2']);
    await delistFromBlocklist(ip, labOpts);
    expect(await dig('127.0.0.1', info.dns.loopback.port, 'A', name)).toEqual([]);
  });

  test('Pebble issues a certificate through DNS-01 (lego, rfc2136)', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'lab-lego-'));
    try {
      const domain = `acme-test.${info.domain}`;
      const secret = (await readFile(info.dns.tsig.secretFile, 'utf8')).trim();
      const r = await execa(
        'lego',
        [
          '--server', info.acme.directory, '--email', `lab@${info.domain}`, '--accept-tos',
          '--path', dir, '--key-type', 'ec256', '--dns', 'rfc2136',
          // The host's own resolver does not know the lab zones, and lego
          // looks the NS names up through it: skip its propagation check
          // (Pebble still validates the record for real).
          '--dns.resolvers', `${info.dns.loopback.host}:${info.dns.loopback.port}`, '--dns.disable-cp',
          '-d', domain, '-d', `*.${domain}`, 'run',
        ],
        {
          reject: false,
          all: true,
          env: {
            LEGO_CA_CERTIFICATES: info.acme.serverCaFile,
            RFC2136_NAMESERVER: `${info.dns.loopback.host}:${info.dns.loopback.port}`,
            RFC2136_TSIG_KEY: info.dns.tsig.name,
            RFC2136_TSIG_SECRET: secret,
            RFC2136_TSIG_ALGORITHM: 'hmac-sha256.',
            RFC2136_SEQUENCE_INTERVAL: '1',
                  RFC2136_PROPAGATION_TIMEOUT: '30',
          },
        },
      );
      expect(r.all).toContain('Server responded with a certificate');
      const cert = path.join(dir, 'certificates', `${domain}.crt`);
      const verify = await execa('openssl', ['verify', '-CAfile', info.acme.caFile, cert], { reject: false });
      expect(verify.stdout).toContain(': OK');
      const text = await execa('openssl', ['x509', '-in', cert, '-noout', '-ext', 'subjectAltName']);
      expect(text.stdout).toContain(`DNS:*.${domain}`);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  test('a message to the inbox domain MX lands in the inbox', async () => {
    const mx = await dig(info.dns.server, 53, 'MX', info.inbox.domain);
    expect(mx).toEqual([`10 ${info.inbox.mx}.`]);
    const [mxIp] = await dig(info.dns.server, 53, 'A', info.inbox.mx);
    const subject = `lab inbox test ${Date.now()}`;
    await execa('swaks', [
      '--server', `${mxIp}:25`, '--from', `lab@${info.domain}`, '--to', info.inbox.address,
      '--header', `Subject: ${subject}`, '--body', 'hello\n.leading dot\n', '-tls',
    ]);
    const got = (await readInbox(labOpts)).find((m) => m.raw.includes(subject));
    expect(got).toBeDefined();
    expect(got!.rcptTo).toEqual([info.inbox.address]);
    expect(got!.tls).toBe(true);
    expect(got!.raw).toMatch(/^Return-Path: <lab@example\.test>\r\nReceived: from /);
    expect(got!.raw).toContain('\r\n.leading dot\r\n');
    // The VPS reaches the MX by name through its resolver.
    const r = await labExec(vps('debian12'), `timeout 5 bash -c 'exec 3<>/dev/tcp/${info.inbox.mx}/25; head -c 4 <&3'`);
    expect(r.stdout).toBe('220 ');
  });

  test('IPv6 comes up when switched on the way the guide does it', async () => {
    const v = vps('debian13');
    const on = [
      "sed -i 's/disable_ipv6 = 1/disable_ipv6 = 0/' /etc/sysctl.conf",
      'sysctl -q -p /etc/sysctl.conf',
      "sed -i 's/^\\( *\\)#\\(- fd\\|gateway6\\)/\\1\\2/' /etc/netplan/01-netcfg.yaml",
      'netplan generate && networkctl reload && networkctl reconfigure host0',
    ].join(' && ');
    const r = await labExec(v, on);
    expect(r.exitCode).toBe(0);
    const ssh6 = await labExec({ ...v, ssh: { ...v.ssh, host: v.ipv6 } }, 'for i in $(seq 50); do ip -6 addr show scope global | grep -q fd6d && break; sleep 0.2; done; echo ok');
    expect(ssh6.stdout).toBe('ok');
  });

  test('lab reset gives a fresh VPS without the package', async () => {
    const before = vps('debian12').ssh.hostKeyFingerprint;
    const t0 = Date.now();
    info = await labReset({ ...labOpts, os: ['debian12'] });
    process.stderr.write(`lab reset debian12 in ${((Date.now() - t0) / 1000).toFixed(1)} s\n`);
    expect(vps('debian12').ssh.hostKeyFingerprint).not.toBe(before);
    const r = await labExec(vps('debian12'), 'systemctl is-system-running; dpkg -s chasquid >/dev/null 2>&1 && echo has-chasquid || echo no-chasquid');
    expect(r.stdout.split('\n')).toEqual(['running', 'no-chasquid']);
    // The rest is kept: debian13 still has it.
    const other = await labExec(vps('debian13'), 'dpkg -s chasquid >/dev/null 2>&1 && echo has-chasquid');
    expect(other.stdout).toBe('has-chasquid');
  });

  test('lab down leaves nothing behind', async () => {
    await labDown(labOpts);
    const procs = await execa('ps', ['-eo', 'args']);
    expect(procs.stdout).not.toContain(info.stateDir + '/');
    const links = await execa('ip', ['-o', 'link']);
    // nspawn shortens long interface names; the full one stays as altname.
    for (const v of Object.values(info.vps)) expect(links.stdout).not.toMatch(new RegExp(`(ve|vb)-${v!.machine}\\b`));
    expect(links.stdout).not.toContain(`${info.network.bridge}:`);
    expect(links.stdout).not.toMatch(new RegExp(`master ${info.network.bridge} `));
    // Other instances run meanwhile: /var/lib/mailsetup-lab-1 is a prefix of
    // -10..-15 and mailsetup_lab1 of mailsetup_lab10, so match whole names.
    const mountPoints = (await readFile('/proc/self/mountinfo', 'utf8')).split('\n').map((l) => l.split(' ')[4] ?? '');
    expect(mountPoints.filter((m) => m === info.stateDir || m.startsWith(info.stateDir + '/'))).toEqual([]);
    const nft = await execa('nft', ['list', 'tables']);
    expect(nft.stdout).not.toMatch(/\bmailsetup_lab1\b/);
    const routes = await execa('ip', ['route']);
    expect(routes.stdout).not.toContain('10.77.1.');
    await expect(stat(info.stateDir)).rejects.toThrow();
    expect(await readLabInfo(labOpts)).toBeNull();
  });
});
