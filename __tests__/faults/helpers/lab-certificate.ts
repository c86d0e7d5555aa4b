// The certificate states the certificate fault tests start from and end
// with: chasquid serving a certificate from the lab's CA, one due for renewal
// in its place, and the rerun that must put a real new one there.
import { expect } from '@jest/globals';
import { execa } from 'execa';
import { X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { acmeClientStep } from '../../../src/tasks/acme-install.js';
import { certificateInstallStep, certificateStep } from '../../../src/tasks/certificate.js';
import { restartStep } from '../../../src/tasks/restart.js';
import { chasquidStep } from '../../../src/tasks/chasquid.js';
import { ipv6Step } from '../../../src/tasks/ipv6.js';
import { certDir } from '../../../src/server/paths.js';
import { preflightStep } from '../../../src/tasks/preflight.js';
import type { StepContext } from '../../../src/tasks/types.js';
import { provision, type LabTarget } from '../../helpers/provision.js';
import type { LabSuite } from '../../security/helpers/lab-suite.js';
import { onVps } from '../../security/helpers/lab.js';

/** The lab's CA is trusted by the step's TLS checks, as `--lab` does. */
export const withLabCa = (target: LabTarget, change?: (ctx: StepContext) => void) => (ctx: StepContext) => {
  ctx.caFile = target.run.caFile;
  change?.(ctx);
};

/** Whatever state the VPS is in, bring it to "chasquid serving a certificate from the lab's CA". */
export async function serveLabCertificate(target: LabTarget): Promise<void> {
  const base = await provision(target, { steps: [preflightStep, ipv6Step, acmeClientStep, certificateStep, chasquidStep, certificateInstallStep, restartStep], adjust: withLabCa(target) });
  if (!base.outcome.ok) throw base.outcome.error;
}

/** A self-signed certificate with 10 days left, due for renewal, in place of the one chasquid serves. */
export async function installDueCertificate({ target, remote, dir: work }: LabSuite): Promise<void> {
  const { domain, hostname } = target.run.answers;
  const dir = certDir(hostname);
  await execa('openssl', [
    'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '10',
    '-subj', `/CN=${domain}`, '-addext', `subjectAltName=DNS:${domain},DNS:*.${domain}`,
    '-keyout', join(work, 'key.pem'), '-out', join(work, 'cert.pem'),
  ]);
  await remote.writeFile(`${dir}/fullchain.pem`, readFileSync(join(work, 'cert.pem')), { mode: 0o644, backup: false });
  await remote.writeFile(`${dir}/privkey.pem`, readFileSync(join(work, 'key.pem')), { mode: 0o640, backup: false });
  await onVps(target, 'systemctl restart chasquid');
}

/** The rerun with the CA reachable: it succeeds and installs a CA-signed certificate good for over 30 days, returned. */
export async function expectNewCertificate({ target, remote }: LabSuite): Promise<X509Certificate> {
  const r = await provision(target, { steps: [certificateStep, certificateInstallStep, restartStep], adjust: withLabCa(target) });
  expect(r.outcome.ok).toBe(true);
  const cert = new X509Certificate((await remote.readFile(`${certDir(target.run.answers.hostname)}/fullchain.pem`))!);
  expect(cert.issuer).not.toBe(cert.subject);
  expect(Date.parse(cert.validTo) - Date.now()).toBeGreaterThan(30 * 86_400_000);
  return cert;
}
