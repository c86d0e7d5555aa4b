// acme.sh for real on a fresh lab VPS: the pinned 3.1.3 release uploaded
// from ../shared/vendor/ (the VPS has no internet), its files checked
// against the release's sha256, a certificate issued through dns_nsupdate
// (bind9 + TSIG, the lab DNS) from Pebble, handed to chasquid by the reload
// hook, renewal scheduled; then a forced renewal (`mailsetup cert renew`'s
// command) after which chasquid serves
// the new certificate. The process list is watched through the run and the
// renewal: the TSIG secret is never on a command line. A changed plugin
// stops the renewal.
import { beforeAll, describe, expect } from '@jest/globals';
import { join } from 'node:path';
import { useAcmeSh } from '../../src/lab/acme-sh-answers.js';
import type { Answers } from '../../src/state/answers.js';
import { acmeShRenewNow } from '../../src/tasks/acme-sh.js';
import { ACME_SH_VERSION, acmeShChecksums } from '../../src/tasks/acme-sh-release.js';
import type { StepContext } from '../../src/tasks/types.js';
import { startCliRun, writeLabAnswers } from '../security/helpers/cli-run.js';
import { onVps } from '../security/helpers/lab.js';
import { labSuite } from '../security/helpers/lab-suite.js';
import { samplePs } from '../security/helpers/ps-sampler.js';

const lab = labSuite({ name: 'acme-sh', connect: false, fresh: true, cli: true });
let run: { exitCode?: number; all?: string } = {};
let ps: { lines: Set<string>; samples: number } = { lines: new Set(), samples: 0 };
let secret = '';
let runAnswers: Answers;

/** The serial of the certificate chasquid serves on 465 for the host name. */
async function servedSerial(): Promise<string> {
  const host = lab.target.vps.hostname;
  const r = await onVps(lab.target, `echo | openssl s_client -connect 127.0.0.1:465 -servername ${host} 2>/dev/null | openssl x509 -noout -serial`);
  const serial = /^serial=([0-9A-F]+)$/m.exec(r.stdout)?.[1];
  if (!serial) throw new Error(`chasquid served no certificate on 465: ${r.stdout}${r.stderr}`);
  return serial;
}

beforeAll(async () => {
  const { target, dir } = lab;
  const answersFile = join(dir, 'answers.yaml');
  writeLabAnswers(answersFile, target, (a, s) => {
    useAcmeSh(a, s, ACME_SH_VERSION);
    runAnswers = a;
  });
  secret = target.run.secrets.tsigSecret!;
  const sampler = samplePs(target);
  const result = await startCliRun({ answersFile, stateDir: join(dir, 'state'), target });
  ps = await sampler.stop();
  run = { exitCode: result.exitCode, all: String(result.all ?? '') };
}, 600_000);

describe('acme.sh 3.1.3, pinned and verified, with dns_nsupdate', () => {
  lab.test('the run completes with acme.sh installed and the certificate issued', () => {
    if (run.exitCode !== 0) process.stderr.write(`\nrun output (tail):\n${run.all?.split('\n').slice(-30).join('\n')}\n`);
    expect(run.exitCode).toBe(0);
    expect(run.all).toMatch(/Install the ACME client \(acme\.sh\): installed/);
    expect(run.all).toMatch(/Issue the certificate \(DNS-01\): issued/);
    expect(run.all).toMatch(/All steps done/);
  });

  lab.test("the installed acme.sh and dns_nsupdate plugin are the release's, byte for byte", async () => {
    const r = await onVps(lab.target, 'cd /root/.acme.sh && sha256sum acme.sh dnsapi/dns_nsupdate.sh');
    expect(r.stdout.trim()).toBe(acmeShChecksums('dns_nsupdate').trim());
    // Copied as released: no cron line or shell alias of acme.sh's own installer.
    expect((await onVps(lab.target, 'cat /var/spool/cron/crontabs/root /root/.bashrc 2>/dev/null | grep -c acme.sh')).stdout.trim()).toBe('0');
  });

  lab.test('the reload hook is registered with acme.sh, the TSIG key is a root-only file, and the daily timer runs the checked acme.sh --cron', async () => {
    const conf = await onVps(lab.target, `grep '^Le_ReloadCmd=' /root/.acme.sh/${lab.target.vps.domain}_ecc/${lab.target.vps.domain}.conf`);
    const encoded = /__ACME_BASE64__START_(.*)__ACME_BASE64__END_/.exec(conf.stdout)?.[1] ?? '';
    expect(Buffer.from(encoded, 'base64').toString()).toBe('sh /etc/mailsetup/reload-chasquid.sh');
    expect((await onVps(lab.target, 'stat -c %a:%U /etc/mailsetup/nsupdate.key')).stdout.trim()).toBe('600:root');
    const timer = await onVps(lab.target, 'systemctl is-enabled mailsetup-certificate.timer; systemctl is-active mailsetup-certificate.timer; cat /etc/mailsetup/renew-certificate.sh');
    expect(timer.stdout).toMatch(/^enabled\nactive\n/);
    expect(timer.stdout).toContain('sha256sum --check --status --strict');
    expect(timer.stdout).toContain('./acme.sh --cron --home /root/.acme.sh');
    // The scheduled renewal itself runs cleanly (not due: nothing renewed).
    expect((await onVps(lab.target, 'systemctl start mailsetup-certificate.service', 120_000)).code).toBe(0);
  }, 180_000);

  lab.test('a forced renewal gets a new certificate and chasquid serves it; no secret on a command line meanwhile', async () => {
    const before = await servedSerial();
    const sampler = samplePs(lab.target);
    // `mailsetup cert renew`'s own command: the release check, then --renew --force.
    const r = await onVps(lab.target, acmeShRenewNow({ answers: runAnswers } as unknown as StepContext), 240_000);
    const seen = await sampler.stop();
    expect({ code: r.code, tail: r.stdout.split('\n').slice(-4) }).toMatchObject({ code: 0 });
    expect(r.stdout).toMatch(/Reload successful/);
    const after = await servedSerial();
    expect(after).not.toBe(before);
    for (const line of seen.lines) ps.lines.add(line);
    ps.samples += seen.samples;
  }, 300_000);

  lab.test('the TSIG secret never appeared on a command line on the server (issuance and renewal)', () => {
    expect(ps.samples).toBeGreaterThan(20);
    const all = [...ps.lines].join('\n');
    // The watcher saw the issuance (it runs for tens of seconds; nsupdate
    // itself lasts milliseconds and is seen only sometimes, as `nsupdate -k FILE`).
    expect(all).toMatch(/acme\.sh --home \/root\/\.acme\.sh --issue --dns dns_nsupdate/);
    for (const line of all.split('\n').filter((l) => /^nsupdate /.test(l))) expect(line).toMatch(/^nsupdate -k \/etc\/mailsetup\/nsupdate\.key\s*$/);
    expect(secret.length).toBeGreaterThan(20);
    expect(all).not.toContain(secret);
  });

  lab.test('a changed plugin stops the renewal before acme.sh runs', async () => {
    const plugin = '/root/.acme.sh/dnsapi/dns_nsupdate.sh';
    await onVps(lab.target, `cp -p ${plugin} ${plugin}.orig && echo 'echo tampered' >> ${plugin}`);
    try {
      const r = await onVps(lab.target, 'systemctl start mailsetup-certificate.service; echo "rc=$?"; journalctl -u mailsetup-certificate.service -n 5 --no-pager -o cat', 120_000);
      expect(r.stdout).toMatch(/rc=[1-9]/);
      expect(r.stdout).toContain('not the release mailsetup installed');
    } finally {
      await onVps(lab.target, `mv ${plugin}.orig ${plugin}`);
    }
  }, 180_000);
});
