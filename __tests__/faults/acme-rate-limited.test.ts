// The CA rate-limits a certificate request on a server that has a certificate
// and a running chasquid. Pebble has no rate limits, so a fault-injecting
// proxy in front of it (helpers/acme-fault-proxy.ts) answers one request
// with HTTP 429, urn:ietf:params:acme:error:rateLimited and Retry-After;
// everything else reaches the real Pebble, and the DNS-01 validation is real.
//   1. `mailsetup cert renew`, finalize refused: a clear message with the
//      retry time, the certificate files and the served certificate unchanged;
//   2. the certificate step renewing a due certificate, new-order refused:
//      the same, and the state says the step failed;
//   3. without the proxy, the rerun issues and installs a new certificate.
// The tests share one VPS and run in this order.
import { afterEach, beforeAll, describe, expect } from '@jest/globals';
import { renewNow } from '../../src/day2/cert-renew.js';
import { certificateStep } from '../../src/tasks/certificate.js';
import { certDir, legoDir } from '../../src/server/paths.js';
import type { StepContext } from '../../src/tasks/types.js';
import { provision } from '../helpers/provision.js';
import { onVps } from '../security/helpers/lab.js';
import { labSuite } from '../security/helpers/lab-suite.js';
import { startAcmeFaultProxy, type AcmeFaultProxy } from './helpers/acme-fault-proxy.js';
import { expectNewCertificate, installDueCertificate, serveLabCertificate, withLabCa } from './helpers/lab-certificate.js';

const lab = labSuite({ name: 'rate-limit', testTimeout: 300_000 });
let proxy: AcmeFaultProxy | undefined;
let dir: string;

const RETRY_AFTER_SECONDS = 3600;

/** chasquid's certificate folder and lego's, hashed byte for byte, chasquid's state, and what it serves on 465. */
async function served(): Promise<{ files: string; lego: string; active: string; onPort465: string }> {
  const files = (await onVps(lab.target, `cd ${dir} && ls -A && sha256sum fullchain.pem privkey.pem`)).stdout;
  const lego = (await onVps(lab.target, `cd ${legoDir}/certificates && ls -A && sha256sum *`)).stdout;
  const active = (await onVps(lab.target, 'systemctl is-active chasquid')).stdout.trim();
  const onPort465 = (
    await onVps(lab.target, `echo | timeout 10 openssl s_client -connect 127.0.0.1:465 -servername ${lab.target.run.answers.hostname} 2>/dev/null | openssl x509 -noout -fingerprint -sha256`)
  ).stdout.trim();
  return { files, lego, active, onPort465 };
}

/** lego's account folders, one per ACME server (host_port): those the proxies made are removed after the tests. */
const proxyAccountDirs: string[] = [];
const accountDir = (directory: string) => {
  const u = new URL(directory);
  return `${legoDir}/accounts/${u.hostname}_${u.port}`;
};

/**
 * `lego renew` only works with an account lego already registered at that
 * server address. The proxy is the same CA at another address, so lego's
 * account for Pebble is copied, with its account URL pointing at the proxy.
 */
async function shareAccountWithProxy(p: AcmeFaultProxy): Promise<void> {
  const pebble = new URL(lab.target.info.acme.directory);
  const proxied = new URL(p.directory);
  const from = accountDir(lab.target.info.acme.directory);
  const to = accountDir(p.directory);
  proxyAccountDirs.push(to);
  const r = await onVps(
    lab.target,
    `rm -rf ${to} && cp -a ${from} ${to} && sed -i 's#https://${pebble.host}/#https://${proxied.host}/#g' ${to}/*/account.json`,
  );
  if (r.code !== 0) throw new Error(`could not copy lego's account for the proxy: ${r.stderr}`);
}

const retryText = (p: AcmeFaultProxy) => `${p.retryAt!.toISOString().slice(0, 19).replace('T', ' ')} UTC`;

beforeAll(async () => {
  await serveLabCertificate(lab.target);
  dir = certDir(lab.target.run.answers.hostname);
}, 600_000);

afterEach(async () => {
  if (proxy) proxyAccountDirs.push(accountDir(proxy.directory));
  await proxy?.close();
  proxy = undefined;
});

lab.afterAll(async () => {
  if (proxyAccountDirs.length) await onVps(lab.target, `rm -rf ${[...new Set(proxyAccountDirs)].join(' ')}`);
});

describe('the CA rate-limits the certificate request', () => {
  lab.test('cert renew, finalize refused with 429: the retry time said, nothing installed, chasquid serves the same certificate', async () => {
    const before = await served();
    expect(before.active).toBe('active');
    expect(before.onPort465).toMatch(/Fingerprint=/);
    proxy = await startAcmeFaultProxy(lab.target.info, { fault: 'finalize', retryAfterSeconds: RETRY_AFTER_SECONDS });
    await shareAccountWithProxy(proxy);
    const ctx: StepContext = {
      remote: lab.remote,
      answers: { ...structuredClone(lab.target.run.answers), tls: { ...lab.target.run.answers.tls, acmeServer: proxy.directory } },
      secrets: structuredClone(lab.target.run.secrets),
      facts: {},
      dryRun: false,
      resolver: lab.target.run.resolver,
      caFile: lab.target.run.caFile,
      log: () => undefined,
    };
    const lines: string[] = [];
    const error = await renewNow(ctx, (line) => lines.push(line)).then(
      () => undefined,
      (e: Error) => e,
    );
    if (!error) process.stderr.write(`\nlego said:\n${lines.join('\n')}\n`);
    expect(error).toBeInstanceOf(Error);
    // The order went as far as finalize through the real Pebble, which then was refused.
    expect(proxy.counts.forwarded).toBeGreaterThan(3);
    expect(proxy.counts.refused).toBeGreaterThanOrEqual(1);
    expect(error!.message).toMatch(new RegExp(`^The ACME server ${proxy.directory.replace(/[.]/g, '\\.')} refused the certificate request: rate limited`));
    expect(error!.message).toContain(`It allows the next try after ${retryText(proxy)} (in about`);
    expect(error!.message).toMatch(/No certificate was installed/);
    expect(error!.message).toMatch(/rateLimited/); // lego's own line, quoted
    expect(await served()).toEqual(before);
  });

  lab.test('certificate step, new-order refused with 429: the same message, the step failed, nothing installed', async () => {
    await installDueCertificate(lab);
    const before = await served();
    expect(before.active).toBe('active');

    proxy = await startAcmeFaultProxy(lab.target.info, { fault: 'new-order', retryAfterSeconds: RETRY_AFTER_SECONDS });
    const directory = proxy.directory;
    const r = await provision(lab.target, { steps: [certificateStep], adjust: withLabCa(lab.target, (ctx) => (ctx.answers.tls.acmeServer = directory)) });
    expect(r.outcome.ok).toBe(false);
    expect(r.outcome.failedStep).toBe('certificate');
    expect(proxy.counts.refused).toBeGreaterThanOrEqual(1);
    const message = r.outcome.error?.message ?? '';
    expect(message).toMatch(/refused the certificate request: rate limited/);
    expect(message).toContain(`It allows the next try after ${retryText(proxy)} (in about`);
    expect(message).toMatch(/Run mailsetup again after that/);
    expect(r.store.data.steps.certificate?.status).toBe('failed');
    expect(r.store.data.steps.certificate?.error).toMatch(/rate limited/);
    expect(await served()).toEqual(before);
  });

  lab.test('the CA accepts again: the rerun issues and installs a real certificate, chasquid serves it', async () => {
    const cert = await expectNewCertificate(lab);
    const now = await served();
    expect(now.active).toBe('active');
    expect(now.onPort465.split('=')[1]?.replace(/:/g, '').toUpperCase()).toBe(cert.fingerprint256.replace(/:/g, '').toUpperCase());
  });
});
