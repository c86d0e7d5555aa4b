// The ACME server or the DNS server unreachable while a certificate is due:
// the step fails with a message that says what to check, nothing is placed
// for chasquid, and chasquid keeps serving the certificate it had. A rerun
// with the servers back issues and installs the new one.
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { execa } from 'execa';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { X509Certificate } from 'node:crypto';
import { connectLab, provision, type LabTarget } from '../helpers/provision.js';
import type { Remote } from '../../src/remote/types.js';
import type { StepContext } from '../../src/tasks/types.js';
import { certificateStep } from '../../src/tasks/certificate.js';
import { chasquidStep } from '../../src/tasks/chasquid.js';
import { ipv6Step } from '../../src/tasks/ipv6.js';
import { certDir } from '../../src/tasks/paths.js';
import { preflightStep } from '../../src/tasks/preflight.js';
import { onVps, securityLab } from '../security/helpers/lab.js';

let target: LabTarget | null = null;
let remote: Remote | undefined;
let work: string;
let dir: string;

/** The certificate chasquid has now, hashed, plus the directory's listing and chasquid's state. */
async function served(): Promise<{ files: string; active: string }> {
  const files = (await onVps(target!, `cd ${dir} && ls -A && sha256sum fullchain.pem privkey.pem`)).stdout;
  const active = (await onVps(target!, 'systemctl is-active chasquid')).stdout.trim();
  return { files, active };
}

beforeAll(async () => {
  target = await securityLab();
  if (!target) return;
  work = mkdtempSync(join(tmpdir(), 'mailsetup-acme-fault-'));
  // Whatever state the VPS is in, bring it to "certificate in place".
  const base = await provision(target, { steps: [preflightStep, ipv6Step, chasquidStep, certificateStep], adjust: withLabCa() });
  if (!base.outcome.ok) throw base.outcome.error;
  remote = await connectLab(target, work);
  dir = certDir(target.run.answers.hostname);
  // A certificate that is due for renewal (10 days left) stands in for the one chasquid has.
  const { domain } = target.run.answers;
  await execa('openssl', [
    'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '10',
    '-subj', `/CN=${domain}`, '-addext', `subjectAltName=DNS:${domain},DNS:*.${domain}`,
    '-keyout', join(work, 'key.pem'), '-out', join(work, 'cert.pem'),
  ]);
  await remote.writeFile(`${dir}/fullchain.pem`, readFileSync(join(work, 'cert.pem')), { mode: 0o644, backup: false });
  await remote.writeFile(`${dir}/privkey.pem`, readFileSync(join(work, 'key.pem')), { mode: 0o640, backup: false });
  await onVps(target, 'systemctl restart chasquid');
}, 600_000);

afterAll(async () => {
  await remote?.close();
  if (work) rmSync(work, { recursive: true, force: true });
});

/** The lab's CA is trusted by the step's TLS checks, as `--lab` does. */
const withLabCa = (change?: (ctx: StepContext) => void) => (ctx: StepContext) => {
  ctx.caFile = target!.run.caFile;
  change?.(ctx);
};

const maybe = (name: string, fn: () => Promise<void>) =>
  test(name, async () => {
    if (!remote) return;
    await fn();
  }, 300_000);

describe('certificate issuance with its servers unreachable', () => {
  maybe('ACME server unreachable: a clear message, nothing placed, chasquid keeps its certificate', async () => {
    const before = await served();
    expect(before.active).toBe('active');
    const r = await provision(target!, {
      steps: [certificateStep],
      adjust: withLabCa((ctx) => {
        ctx.answers.tls.acmeServer = `https://${target!.info.dns.server}:1/dir`;
      }),
    });
    expect(r.outcome.ok).toBe(false);
    expect(r.outcome.failedStep).toBe('certificate');
    expect(r.outcome.error?.message).toMatch(/ACME server.*run mailsetup again/s);
    expect(r.outcome.error?.message).toMatch(/Last lines of the ACME client/);
    expect(await served()).toEqual(before);
  });

  maybe('DNS server unreachable: a clear message, nothing placed, chasquid keeps its certificate', async () => {
    const before = await served();
    const r = await provision(target!, {
      steps: [certificateStep],
      adjust: withLabCa((ctx) => {
        ctx.secrets.dnsCredentials.RFC2136_NAMESERVER = `${target!.info.dns.server}:1`;
        // A new ACME account: Pebble may reuse an earlier valid authorization
        // of the lab's account, and then no DNS record is needed at all.
        ctx.answers.tls.email = `fault-${Date.now()}@${ctx.answers.domain}`;
      }),
    });
    expect(r.outcome.ok).toBe(false);
    expect(r.outcome.error?.message).toMatch(/Issuing the certificate failed.*could not find the start of authority/s);
    expect(await served()).toEqual(before);
  });

  maybe('servers back: the rerun issues and installs a real certificate, chasquid serves it', async () => {
    const r = await provision(target!, { steps: [certificateStep], adjust: withLabCa() });
    expect(r.outcome.ok).toBe(true);
    const cert = new X509Certificate((await remote!.readFile(`${dir}/fullchain.pem`))!);
    expect(cert.issuer).not.toBe(cert.subject);
    expect(Date.parse(cert.validTo) - Date.now()).toBeGreaterThan(30 * 86_400_000);
    expect((await served()).active).toBe('active');
  });
});
