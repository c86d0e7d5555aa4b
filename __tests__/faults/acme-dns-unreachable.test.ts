// The ACME server or the DNS server unreachable while a certificate is due:
// the step fails with a message that says what to check, nothing is placed
// for chasquid, and chasquid keeps serving the certificate it had. A rerun
// with the servers back issues and installs the new one.
import { beforeAll, describe, expect } from '@jest/globals';
import { provision } from '../helpers/provision.js';
import { certificateStep } from '../../src/tasks/certificate.js';
import { certDir } from '../../src/server/paths.js';
import { onVps } from '../security/helpers/lab.js';
import { labSuite } from '../security/helpers/lab-suite.js';
import { expectNewCertificate, installDueCertificate, serveLabCertificate, withLabCa } from './helpers/lab-certificate.js';

const lab = labSuite({ name: 'acme-fault', testTimeout: 300_000 });
let dir: string;

/** The certificate chasquid has now, hashed, plus the directory's listing and chasquid's state. */
async function served(): Promise<{ files: string; active: string }> {
  const files = (await onVps(lab.target, `cd ${dir} && ls -A && sha256sum fullchain.pem privkey.pem`)).stdout;
  const active = (await onVps(lab.target, 'systemctl is-active chasquid')).stdout.trim();
  return { files, active };
}

beforeAll(async () => {
  await serveLabCertificate(lab.target);
  dir = certDir(lab.target.run.answers.hostname);
  await installDueCertificate(lab);
}, 600_000);

describe('certificate issuance with its servers unreachable', () => {
  lab.test('ACME server unreachable: a clear message, nothing placed, chasquid keeps its certificate', async () => {
    const before = await served();
    expect(before.active).toBe('active');
    const r = await provision(lab.target, {
      steps: [certificateStep],
      adjust: withLabCa(lab.target, (ctx) => {
        ctx.answers.tls.acmeServer = `https://${lab.target.info.dns.server}:1/dir`;
      }),
    });
    expect(r.outcome.ok).toBe(false);
    expect(r.outcome.failedStep).toBe('certificate');
    expect(r.outcome.error?.message).toMatch(/ACME server.*run mailsetup again/s);
    expect(r.outcome.error?.message).toMatch(/Last lines of the ACME client/);
    expect(await served()).toEqual(before);
  });

  lab.test('DNS server unreachable: a clear message, nothing placed, chasquid keeps its certificate', async () => {
    const before = await served();
    const r = await provision(lab.target, {
      steps: [certificateStep],
      adjust: withLabCa(lab.target, (ctx) => {
        ctx.secrets.dnsCredentials.RFC2136_NAMESERVER = `${lab.target.info.dns.server}:1`;
        // A new ACME account: Pebble may reuse an earlier valid authorization
        // of the lab's account, and then no DNS record is needed at all.
        ctx.answers.tls.email = `fault-${Date.now()}@${ctx.answers.domain}`;
      }),
    });
    expect(r.outcome.ok).toBe(false);
    expect(r.outcome.error?.message).toMatch(/Issuing the certificate failed.*could not find the start of authority/s);
    expect(await served()).toEqual(before);
  });

  lab.test('servers back: the rerun issues and installs a real certificate, chasquid serves it', async () => {
    await expectNewCertificate(lab);
    expect((await served()).active).toBe('active');
  });
});
