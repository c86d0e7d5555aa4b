// Shared by the day-two lab tests. They use a lab instance of their own
// (instance 3, Debian 13), so installing chasquid or changing senders there
// never disturbs the instance-0 lab other tests and people use.
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import type { LabOs } from '../../src/lab/types.js';
import { sh } from '../../src/remote/quote.js';
import type { Remote } from '../../src/remote/types.js';
import { connectLab, labTarget, provision, type LabTarget } from '../helpers/provision.js';
import { steps } from '../../src/tasks/steps.js';

// MAILSETUP_DAY2_INSTANCE moves them, e.g. beside a test run that already uses 3.
export const DAY2_INSTANCE = process.env.MAILSETUP_DAY2_INSTANCE ?? '3';
export const canRunLab = process.platform === 'linux' && process.getuid?.() === 0 && process.env.MAILSETUP_LAB !== 'off';
export const root = join(import.meta.dirname ?? process.cwd(), '../..');

/** Bring up (idempotent: seconds when already up) and describe the day-two lab VPS. */
export async function day2Lab(os: LabOs = 'debian13'): Promise<LabTarget> {
  process.env.MAILSETUP_LAB_INSTANCE = DAY2_INSTANCE;
  const { labDown, labStatus, labUp } = await import('../../src/lab/index.js');
  const instance = Number(DAY2_INSTANCE);
  // Not running but left on disk (an interrupted run, a restarted machine):
  // start from fresh VPSes rather than boot an old one as it was.
  if (!(await labStatus({ instance })).up) await labDown({ instance });
  await labUp({ instance, os: [os] });
  const target = await labTarget(os);
  if (!target) throw new Error(`day-two lab ${os} did not come up`);
  return target;
}

export async function day2Connect(target: LabTarget): Promise<Remote> {
  return connectLab(target, await mkdtemp(join(tmpdir(), 'mailsetup-day2-conn-')));
}

/**
 * chasquid installed and running with a self-signed certificate, the
 * lab's domain and hostname: enough for logs and AUTH, without the whole
 * setup (which another engineer's steps do).
 */
export async function minimalChasquid(remote: Remote, domain: string, hostname: string): Promise<void> {
  await remote.exec(sh`command -v chasquid >/dev/null || DEBIAN_FRONTEND=noninteractive apt-get install -y -q chasquid >/dev/null`, { timeoutMs: 300000 });
  const dir = `/etc/chasquid/certs/${hostname}`;
  await remote.exec(
    sh`mkdir -p ${dir} /etc/chasquid/domains/${domain} && { [ -s ${dir}/fullchain.pem ] || openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 30 -subj /CN=${hostname} -addext ${`subjectAltName=DNS:${hostname}`} -keyout ${dir}/privkey.pem -out ${dir}/fullchain.pem 2>/dev/null; } && chgrp -R chasquid ${dir} && chmod 0640 ${dir}/privkey.pem`,
  );
  const conf = (await remote.readFile('/etc/chasquid/chasquid.conf'))!.toString('utf8');
  if (!conf.includes(`hostname: "${hostname}"`)) await remote.writeFile('/etc/chasquid/chasquid.conf', `${conf}\nhostname: "${hostname}"\n`);
  // reset-failed: the other day-two files restart chasquid often, and
  // systemd refuses a sixth start within ten seconds.
  await remote.exec(sh`systemctl enable --now chasquid-smtp.socket chasquid-submission.socket chasquid-submission_tls.socket >/dev/null 2>&1; systemctl reset-failed chasquid.service 2>/dev/null; systemctl restart chasquid && sleep 1 && systemctl is-active chasquid`);
}

/** Compile once per test file, so the tests run the real `mailsetup` binary (SIGINT and all). */
let built: Promise<void> | undefined;
export function buildCli(): Promise<void> {
  built ??= execa('npx', ['tsc', '-p', 'tsconfig.json'], { cwd: root, reject: false }).then(() => undefined);
  return built;
}

export const cliEnv = (stateDir: string) => ({ MAILSETUP_LAB_INSTANCE: DAY2_INSTANCE, MAILSETUP_LAB_OS: 'debian13', XDG_STATE_HOME: stateDir, NO_COLOR: '1' });

/** Send through 587 as a sender, to the lab inbox, and return the message as the inbox received it. */
export async function sendToInbox(target: LabTarget, user: string, pass: string, tag: string): Promise<string> {
  const nodemailer = (await import('nodemailer')).default;
  const { readFile } = await import('node:fs/promises');
  const { readInbox } = await import('../../src/lab/index.js');
  const rcpt = `${tag}@${target.info.inbox.domain}`;
  const t = nodemailer.createTransport({
    host: target.vps.ipv4,
    port: 587,
    secure: false,
    requireTLS: true,
    auth: { user, pass },
    tls: { servername: target.run.answers.hostname, ca: await readFile(target.run.caFile, 'utf8') },
  });
  try {
    await t.sendMail({ from: user, to: rcpt, subject: `day two ${tag}`, text: `${tag}\n` });
  } finally {
    t.close();
  }
  const until = Date.now() + 30000;
  for (;;) {
    const got = (await readInbox({ instance: Number(DAY2_INSTANCE) })).find((m) => m.rcptTo.includes(rcpt));
    if (got) return got.raw;
    if (Date.now() > until) throw new Error(`no message for ${rcpt} in the lab inbox after 30 s`);
    await new Promise((r) => setTimeout(r, 300));
  }
}

/** mailauth's DKIM verdicts for a message, keys looked up in the lab DNS. */
export async function dkimVerdicts(target: LabTarget, raw: string): Promise<{ selector?: string; domain?: string; result?: string }[]> {
  const { authenticate } = await import('mailauth');
  const { Resolver } = await import('node:dns');
  const r = new Resolver({ timeout: 3000, tries: 2 });
  r.setServers([target.run.resolver]);
  const resolver = (name: string, rr: string) =>
    new Promise<unknown>((resolve, reject) => r.resolve(name, rr as 'TXT', (err, records) => (err ? reject(err) : resolve(records))));
  const res = await authenticate(raw, { ip: target.vps.ipv4, helo: target.run.answers.hostname, mta: 'mx.inbox.test', resolver });
  return (res.dkim?.results ?? []).map((v) => ({ selector: v.selector, domain: v.signingDomain, result: v.status?.result }));
}

/** Every step but the test mail: the day-two tests send their own mail. */
const setupSteps = steps.filter((s) => s.id !== 'testmail');

export interface Day2Setup {
  target: LabTarget;
  stateDir: string;
  remote: Remote;
}

/** The day-two lab VPS set up by the real steps, a connection to it, and the CLI built. */
export async function setUpDay2(name: string): Promise<Day2Setup> {
  const target = await day2Lab();
  const stateDir = await mkdtemp(join(tmpdir(), `mailsetup-day2-${name}-`));
  const [done] = await Promise.all([provision(target, { stateDir, steps: setupSteps }), buildCli()]);
  if (!done.outcome.ok) throw new Error(`provisioning failed at ${done.outcome.failedStep}: ${done.outcome.error?.message}`);
  return { target, stateDir, remote: await day2Connect(target) };
}
