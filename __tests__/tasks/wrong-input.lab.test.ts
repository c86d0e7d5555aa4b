// Wrong inputs end with a message that says what to do, and nothing
// half-written on the server. Runs on a provisioned lab VPS (provisioning it
// first when needed), one step at a time.
import { preflightStep } from '../../src/tasks/preflight.js';
import { certificateStep } from '../../src/tasks/certificate.js';
import { sendersStep } from '../../src/tasks/senders.js';
import { canLogIn, type TlsContext } from '../../src/tasks/submit.js';
import { labExec } from '../../src/lab/index.js';
import type { StepContext } from '../../src/tasks/types.js';
import { labTarget, provision, type LabTarget } from '../helpers/provision.js';
import { serverFiles } from '../helpers/snapshot.js';

const OS = 'debian13';
let target: LabTarget | null = null;

beforeAll(async () => {
  target = await labTarget(OS);
  if (!target) return;
  const ready = await labExec(target.vps, `systemctl is-active --quiet chasquid && test -s /etc/chasquid/certs/${target.vps.hostname}/fullchain.pem`);
  if (ready.exitCode !== 0) {
    const p = await provision(target, { adjust: (c) => ((c as TlsContext).caFile = target!.info.acme.caFile) });
    if (!p.outcome.ok) throw p.outcome.error;
  }
}, 600_000);

const lab = () => {
  if (!target) throw new Error(`the lab's ${OS} VPS is not up`);
  return target;
};

/** Run some steps with adjusted answers; assert the server's files did not change. */
async function runUnchanged(steps: typeof preflightStep[], adjust: (ctx: StepContext) => void) {
  const t = lab();
  const before = await serverFiles(t.vps);
  const p = await provision(t, { steps, adjust, recheck: true });
  expect(await serverFiles(t.vps)).toBe(before);
  return p;
}

test('a DNS provider without its credentials is refused before anything is written', async () => {
  const p = await runUnchanged([certificateStep], (ctx) => {
    ctx.answers.dns.provider = 'manual';
    ctx.secrets.dnsCredentials = {};
    ctx.answers.hostname = `new.host.${ctx.answers.domain}`;
  });
  expect(p.outcome.failedStep).toBe('certificate');
  expect(p.outcome.error?.message).toMatch(/needs RFC2136_NAMESERVER, RFC2136_TSIG_KEY, RFC2136_TSIG_SECRET.*MAILSETUP_DNS_/);
});

test('a DNS secret the server refuses: the message names the credentials to check', async () => {
  const wrong = Buffer.alloc(32, 7).toString('base64');
  const p = await runUnchanged([certificateStep], (ctx) => {
    ctx.secrets.dnsCredentials.RFC2136_TSIG_SECRET = wrong;
    ctx.secrets.tsigSecret = wrong;
    // A name the wildcard does not cover, so a new certificate is needed.
    ctx.answers.hostname = `new.host.${ctx.answers.domain}`;
  });
  expect(p.outcome.failedStep).toBe('certificate');
  expect(p.outcome.error?.message).toMatch(/refused the credentials\. Check .*RFC2136_TSIG_SECRET/);
  expect(p.outcome.error?.message).not.toContain(wrong);
}, 180_000);

test('a sender without a password: say how to give one', async () => {
  const p = await runUnchanged([sendersStep], (ctx) => {
    ctx.answers.senders = [...ctx.answers.senders, `new@${ctx.answers.domain}`];
  });
  expect(p.outcome.error?.message).toMatch(/no password for the new sender new@.*answers file as secrets.senders/);
});

test('a wrong sender password is refused at login with what to do', async () => {
  const t = lab();
  const p = await provision(t, { steps: [] });
  const ctx = p.ctx as TlsContext;
  const { connectLab } = await import('../helpers/provision.js');
  ctx.remote = await connectLab(t, p.stateDir);
  ctx.caFile = t.info.acme.caFile;
  ctx.secrets.senderPasswords[ctx.answers.senders[0]!] = 'not-the-password';
  try {
    const login = await canLogIn(ctx, 587);
    expect(login.ok).toBe(false);
    expect(login.detail).toMatch(/refused the sender's password.*set the password again/);
  } finally {
    await ctx.remote.close();
  }
});

test('blocked outbound port 25: the verdict says what to ask the host', async () => {
  const p = await runUnchanged([preflightStep], (ctx) => {
    ctx.answers.preflight.outboundTarget = `${lab().info.inbox.smtp.host}:2`;
  });
  expect(p.outcome.failedStep).toBe('preflight');
  expect(p.outcome.error?.message).toMatch(/cannot reach .*:2.*Ask their support to "open outbound TCP port 25/);
}, 60_000);
