// Issue 4's proof: from a fresh lab VPS (Debian 12: chasquid 1.11 with hook
// DKIM; Debian 13: chasquid 1.15 with native DKIM) one run of every step
// gives a working mail server, and a second run changes nothing.
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { rootCertificates } from 'node:tls';
import nodemailer from 'nodemailer';
import { labExec, labReset, readInbox } from '../../src/lab/index.js';
import type { LabOs } from '../../src/lab/types.js';
import { steps } from '../../src/tasks/steps.js';
import type { StepContext } from '../../src/tasks/types.js';
import { labTarget, provision, type LabTarget, type Provisioned } from '../helpers/provision.js';
import { serverFiles } from '../helpers/snapshot.js';

const withCa = (target: LabTarget) => (ctx: StepContext) => {
  (ctx as StepContext & { caFile?: string }).caFile = target.info.acme.caFile;
};

const failures = (p: Provisioned) =>
  Object.values(p.outcome.verified)
    .flat()
    .filter((r) => r.status === 'fail');

const OSES: LabOs[] = ['debian12', 'debian13'];

describe.each(OSES)('provisioning %s from a fresh VPS', (os) => {
  let target: LabTarget | null = null;
  let first: Provisioned;
  let freshDryRun: Provisioned;
  let freshFiles: string;

  beforeAll(async () => {
    if (!(await labTarget(os))) return;
    await labReset({ os: [os] });
    // A reset VPS has new host keys: read the lab again.
    target = await labTarget(os);
    freshDryRun = await provision(target!, { dryRun: true, adjust: withCa(target!) });
    freshFiles = await serverFiles(target!.vps);
    first = await provision(target!, { adjust: withCa(target!) });
    process.stderr.write(`\n${os}: full provisioning ${(first.ms / 1000).toFixed(1)} s ${JSON.stringify(first.stepSeconds)}\n`);
  }, 600_000);

  const lab = () => {
    if (!target) throw new Error(`the lab's ${os} VPS is not up`);
    return target;
  };

  test('every step completes and verifies', () => {
    lab();
    expect(first.outcome.error?.message).toBeUndefined();
    expect(first.outcome.ok).toBe(true);
    expect(failures(first)).toEqual([]);
    // Every step these answers call for (MTA-STS served on the VPS is one they do not).
    const called = steps.filter((s) => !s.enabled || s.enabled({ answers: lab().run.answers, secrets: lab().run.secrets, facts: {} } as unknown as StepContext));
    expect(called.length).toBeGreaterThan(10);
    expect(Object.keys(first.outcome.verified)).toEqual(called.map((s) => s.id));
  });

  test('a dry run on the fresh VPS lists the changes and makes none', async () => {
    lab();
    expect(freshDryRun.outcome.error?.message).toBeUndefined();
    const listing = freshDryRun.dryRun!.listing();
    expect(listing).toMatch(/apt-get .*install .*chasquid/);
    expect(listing).toContain('write /etc/chasquid/chasquid.conf');
    // The restart step lists the one restart the run would make for the senders and aliases.
    expect(listing).toContain('$ systemctl restart chasquid');
    expect(listing).not.toContain(lab().run.secrets.tsigSecret!);
    expect(freshFiles).not.toContain('/etc/mailsetup/');
  });

  test('chasquid is active, with the DKIM mode of its version', async () => {
    const t = lab();
    const active = await labExec(t.vps, 'systemctl is-active chasquid');
    expect(String(active.stdout).trim()).toBe('active');
    expect(first.ctx.facts.dkim?.mode).toBe(os === 'debian12' ? 'hook' : 'native');
  });

  test.each([587, 465])('submission on %i: TLS with the Pebble certificate, AUTH accepted', async (port) => {
    const t = lab();
    const user = t.run.answers.senders[0]!;
    const transport = nodemailer.createTransport({
      host: t.vps.ipv4,
      port,
      secure: port === 465,
      requireTLS: port === 587,
      auth: { user, pass: t.run.secrets.senderPasswords[user]! },
      tls: { servername: t.vps.hostname, ca: [...rootCertificates, readFileSync(t.info.acme.caFile, 'utf8')] },
    });
    try {
      await expect(transport.verify()).resolves.toBe(true);
    } finally {
      transport.close();
    }
  });

  test('a message to anything@domain is forwarded to the lab inbox', async () => {
    const t = lab();
    const token = randomBytes(6).toString('hex');
    const to = `anything-${token}@${t.vps.domain}`;
    const transport = nodemailer.createTransport({ host: t.vps.ipv4, port: 25, secure: false, ignoreTLS: true, name: 'sender.test' });
    await transport.sendMail({ from: 'someone@sender.test', to, subject: `forward ${token}`, text: 'catch-all test\n' });
    transport.close();
    const deadline = Date.now() + 30_000;
    let found = false;
    while (!found && Date.now() < deadline) {
      found = (await readInbox()).some((m) => m.raw.includes(`forward ${token}`));
      if (!found) await new Promise((r) => setTimeout(r, 500));
    }
    expect(found).toBe(true);
  });

  test('the automatic proof reports DKIM pass', () => {
    lab();
    expect(first.ctx.facts.proof).toMatchObject({ dkim: 'pass', dkimDomain: lab().vps.domain, tls: true });
  });

  test('a second run changes nothing on the server', async () => {
    const t = lab();
    const before = await serverFiles(t.vps);
    expect(before).toContain('/etc/chasquid/chasquid.conf');
    // Resume: every step is verified and skipped.
    const again = await provision(t, { stateDir: first.stateDir, adjust: withCa(t) });
    expect(again.outcome.ok).toBe(true);
    process.stderr.write(`\n${os}: rerun (resume) ${(again.ms / 1000).toFixed(1)} s\n`);
    // Every step's tasks again (probe, then change only what differs); the
    // proof is left out since it adds and removes a temporary alias.
    const recheck = await provision(t, {
      stateDir: first.stateDir,
      adjust: withCa(t),
      recheck: true,
      steps: steps.filter((s) => s.id !== 'testmail'),
    });
    expect(recheck.outcome.error?.message).toBeUndefined();
    process.stderr.write(`\n${os}: rerun (recheck every task) ${(recheck.ms / 1000).toFixed(1)} s\n`);
    expect(await serverFiles(t.vps)).toBe(before);
    // And --dry-run on the finished server has nothing to run or write.
    const dry = await provision(t, { stateDir: first.stateDir, adjust: withCa(t), dryRun: true });
    expect(dry.outcome.error?.message).toBeUndefined();
    expect(dry.dryRun!.listing()).toBe('');
  });
});
