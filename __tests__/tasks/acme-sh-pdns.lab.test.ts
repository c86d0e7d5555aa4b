// acme.sh's dns_pdns against the lab's PowerDNS, on a lab instance of its
// own (5 by default, MAILSETUP_PROVIDERS_ACME_LAB_INSTANCE moves it;
// MAILSETUP_PROVIDERS_LAB_OS=debian13 for Debian 13): the pinned 3.1.3
// release with the plugin's sha256 checked, a certificate issued from Pebble
// and served by chasquid, the records through mailsetup's own PowerDNS
// client. And the trade-off SECURITY.md and the certificate screen state,
// proven: acme.sh 3.1.3 hands the API key to curl as a command-line header,
// so anyone reading the process list on the server sees it. dns_pdns's curl
// calls last milliseconds, too short for a sampler to catch every time, so
// the proof is the argument list curl itself received (what `ps` shows for
// as long as it runs), recorded by a test-only wrapper in /usr/local/bin,
// with what the process sampler saw added. (lego, the default, does
// not: __tests__/dns/powerdns.lab.test.ts.) One VPS for the file.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findClientProvider } from '../../src/dns/providers/registry/index.js';
import { labDown, labExec, labUp, setLabPtr, type LabOs } from '../../src/lab/index.js';
import { acmeShChecksums } from '../../src/tasks/acme-sh-release.js';
import { mailsetup, type FlavourLab } from '../flavours/helpers.js';
import { labCanRunHere } from '../helpers/provision.js';
import { samplePs } from '../security/helpers/ps-sampler.js';
import { CLI, haveCli } from '../security/helpers/cli-run.js';

const OS: LabOs = process.env.MAILSETUP_PROVIDERS_LAB_OS === 'debian13' ? 'debian13' : 'debian12';
const INSTANCE = Number(process.env.MAILSETUP_PROVIDERS_ACME_LAB_INSTANCE ?? 5);
// The installed package the tests run is not beside the project: it is told where the vendored release is.
const ENV = { MAILSETUP_LAB_DNS: 'powerdns', MAILSETUP_LAB_CLIENT: 'acme.sh', MAILSETUP_LAB_VENDOR_DIR: join(process.cwd(), '..', 'shared', 'vendor') };
const CURL_ARGV_LOG = '/run/mailsetup-test-curl-argv';
const maybe = labCanRunHere ? describe : describe.skip;

maybe(`acme.sh dns_pdns with the lab's PowerDNS (${OS}, lab instance ${INSTANCE})`, () => {
  let lab: FlavourLab;
  let key = '';
  let run: Awaited<ReturnType<typeof mailsetup>>;
  let ps: { lines: Set<string>; samples: number };

  beforeAll(async () => {
    if (!haveCli()) throw new Error(`${CLI} is missing: build it with \`npx tsc\` first`);
    await labDown({ instance: INSTANCE });
    const info = await labUp({ instance: INSTANCE, os: [OS] });
    const vps = info.vps[OS]!;
    const domain = info.powerdns.zones[OS];
    key = readFileSync(info.powerdns.apiKeyFile, 'utf8').trim();
    const dir = mkdtempSync(join(tmpdir(), 'mailsetup-acme-pdns-'));
    lab = { info, vps, os: OS, dir, stateDir: join(dir, 'state') };
    await setLabPtr([vps.ipv4, vps.ipv6], `smtp.${domain}`, { instance: INSTANCE });
    await recordCurlArguments(vps);
    const sampler = samplePs({ vps } as Parameters<typeof samplePs>[0], 0.1);
    run = await mailsetup(lab, ['--yes'], ENV);
    ps = await sampler.stop();
    process.stderr.write(`\nacme.sh dns_pdns run on ${OS}: ${run.seconds} s\n`);
  }, 900_000);

  afterAll(async () => {
    if (lab) rmSync(lab.dir, { recursive: true, force: true });
    await labDown({ instance: INSTANCE });
  }, 120_000);

  test('the run completes: acme.sh installed, the certificate issued through dns_pdns and served by chasquid', async () => {
    expect(run.code).toBe(0);
    expect(run.out).toMatch(/Install the ACME client \(acme\.sh\): installed/);
    expect(run.out).toMatch(/Issue the certificate \(DNS-01\): issued/);
    const host = `smtp.${lab.info.powerdns.zones[OS]}`;
    const served = await labExec(lab.vps, `echo | openssl s_client -connect 127.0.0.1:465 -servername ${host} 2>/dev/null | openssl x509 -noout -subject -ext subjectAltName`);
    expect(String(served.stdout)).toContain(`DNS:*.${lab.info.powerdns.zones[OS]}`);
  });

  test("the installed dns_pdns plugin is the release's, byte for byte", async () => {
    const r = await labExec(lab.vps, 'cd /root/.acme.sh && sha256sum acme.sh dnsapi/dns_pdns.sh');
    expect(String(r.stdout).trim()).toBe(acmeShChecksums('dns_pdns').trim());
  });

  test('a forced renewal (mailsetup cert renew) goes through dns_pdns again and chasquid serves the new certificate', async () => {
    const host = `smtp.${lab.info.powerdns.zones[OS]}`;
    const serial = async () =>
      String((await labExec(lab.vps, `echo | openssl s_client -connect 127.0.0.1:465 -servername ${host} 2>/dev/null | openssl x509 -noout -serial`)).stdout).trim();
    const before = await serial();
    expect(before).toMatch(/^serial=[0-9A-F]+$/);
    // Watched too: dns_pdns's curl calls last milliseconds, two windows catch them more surely than one.
    const sampler = samplePs({ vps: lab.vps } as Parameters<typeof samplePs>[0], 0.1);
    const renew = await mailsetup(lab, ['cert', 'renew', '--yes'], ENV);
    const seen = await sampler.stop();
    for (const line of seen.lines) ps.lines.add(line);
    ps.samples += seen.samples;
    expect(renew.code).toBe(0);
    const after = await serial();
    expect(after).toMatch(/^serial=[0-9A-F]+$/);
    expect(after).not.toBe(before);
  }, 300_000);

  test('acme.sh put the API key on a command line on the server (issuance and renewal), as the registry declares and the certificate screen warns', async () => {
    expect(findClientProvider('acme.sh', 'dns_pdns')?.plugin.exposesCredential).toMatch(/PDNS_Token .*command-line header/);
    expect(ps.samples).toBeGreaterThan(20);
    const recorded = String((await labExec(lab.vps, `cat ${CURL_ARGV_LOG}`)).stdout).split('\n');
    const exposed = [...ps.lines, ...recorded].filter((l) => l.includes(key));
    expect(exposed.length).toBeGreaterThan(0);
    // The sampler may also catch the recorder itself (`/bin/sh /usr/local/bin/curl …`) before it execs
    // the real curl: the same arguments, so the same exposure.
    for (const line of exposed) expect(line).toMatch(/^((\/usr\/bin\/)?curl|\/bin\/sh \/usr\/local\/bin\/curl) .*-H X-API-Key: /);
  });
});

/** Test-only: a curl earlier in PATH that writes its command line, as ps would show it, then runs the real curl. */
async function recordCurlArguments(vps: FlavourLab['vps']): Promise<void> {
  const wrapper = ['#!/bin/sh', `printf 'curl %s\\n' "$*" >> ${CURL_ARGV_LOG}`, 'exec /usr/bin/curl "$@"', ''].join('\n');
  const r = await labExec(vps, `cat > /usr/local/bin/curl && chmod 755 /usr/local/bin/curl && : > ${CURL_ARGV_LOG} && command -v curl`, { input: wrapper });
  if (String(r.stdout).trim() !== '/usr/local/bin/curl') throw new Error(`the curl recorder is not first in PATH: ${String(r.stdout)} ${String(r.stderr)}`);
}
