// Guide step 4 (docs/guide-steps.md): a free TLS certificate through DNS-01 for the domain and its
// wildcard, ECDSA key (the certificate step), placed where chasquid reads it,
// key readable by chasquid and nobody else, renewed automatically with a
// hook that restarts chasquid (the certificate-install step). lego (Debian's
// package; the default) or acme.sh (its pinned, sha256-checked release);
// both renewed by mailsetup's daily timer.
import { checkCertificate } from '../checks/certificate.js';
import type { CheckResult } from '../checks/types.js';
import { quote, sh } from '../remote/quote.js';
import { checkService } from '../checks/service.js';
import { checkTls } from '../checks/tls.js';
import { checkContext } from './check-context.js';
import { acmeShFiles, acmeShRenewScript, issueWithAcmeSh, registerAcmeShHook } from './acme-sh.js';
import { asset, fill } from './assets.js';
import { certificateNames, installedCertificate, judge } from '../server/cert-probe.js';
import { results } from '../checks/result.js';
import { checkProviderEnv } from './dns-credentials.js';
import { issueWithLego, legoFiles, renewalFiles, RENEW_SCRIPT } from './lego.js';
import { acmeCaFile, certDir, dnsEnvFile, MAILSETUP_DIR_MODE, mtaStsSite, reloadHook } from '../server/paths.js';
import { holds } from '../server/probe.js';
import { alreadyDone, changed } from './report.js';
import { chasquidGroup } from '../server/group.js';
import { RESTART_PENDING } from '../server/service.js';
import { writeSecretFile } from './secret-file.js';
import type { Step, StepContext } from './types.js';

const TIMER = 'mailsetup-certificate.timer';

function sourceFiles(ctx: StepContext) {
  return ctx.answers.tls.client === 'lego' ? legoFiles(ctx.answers.domain) : acmeShFiles(ctx.answers.domain);
}

/** The reload hook for ctx's hostname: it copies the ACME client's files into chasquid's folder for that name. */
export async function reloadHookScript(ctx: StepContext): Promise<string> {
  const src = sourceFiles(ctx);
  return fill(asset('reload/reload-chasquid.sh'), {
    certSource: quote(src.cert),
    keySource: quote(src.key),
    certDir: quote(certDir(ctx.answers.hostname)),
    group: quote(await chasquidGroup(ctx)),
    restartNote: quote(RESTART_PENDING),
    mtaStsSite: quote(mtaStsSite),
  });
}

/**
 * What the certificate step found in chasquid's folder, for the step that
 * places the certificate there: it runs the hook only when that one will not
 * do (a valid certificate put there by other means is kept).
 */
const chasquidHas = new WeakMap<StepContext, boolean>();

/** The ACME client's DNS provider credentials, and the CA file it was given on the server (a private ACME server's). */
const caOnServer = (ctx: StepContext) => (ctx.answers.tls.acmeCaFile ? acmeCaFile : undefined);

/**
 * Issuance needs only the ACME client and DNS: it runs while apt installs
 * chasquid (DNS-01 propagation on a public DNS host takes 20-120 s, apt on a
 * fresh VPS 20-60 s). Putting the certificate where chasquid reads it is the
 * next step's, once chasquid's package has made its group.
 */
export const certificateStep: Step = {
  id: 'certificate',
  title: 'TLS certificate',
  why: 'Mail between servers and to your apps is encrypted; receivers and mail apps expect a valid certificate.',
  reads: ['tls.client', 'tls.dnsProvider', 'tls.email', 'tls.acmeServer', 'domain', 'hostname'],
  needs: ['acme-client'],
  tasks: (ctx) => {
    let env: Record<string, string> = {};
    let valid = false;
    return [
      {
        title: `Check the certificate for ${ctx.answers.domain} and *.${ctx.answers.domain}`,
        task: async (_, task) => {
          // Credentials are checked first, so a missing one stops the step
          // before anything is written on the server.
          env = checkProviderEnv(ctx);
          const state = await installedCertificate(ctx);
          valid = state.ok;
          chasquidHas.set(ctx, state.ok);
          task.title = state.ok ? `Certificate in place: ${state.reason}` : `Certificate needed: ${state.reason}`;
        },
      },
      {
        title: 'Issue the certificate (DNS-01)',
        skip: () => valid && 'certificate already valid',
        task: async (_, task) => {
          if (ctx.answers.tls.client === 'lego') await issueWithLego(ctx, task, env, caOnServer(ctx));
          else await issueWithAcmeSh(ctx, task, env, caOnServer(ctx));
          changed(task, 'issued');
        },
      },
    ];
  },
  verify: (ctx) => verifyIssued(ctx),
};

/** A valid certificate for the names: the one the ACME client holds, or the one chasquid already has. */
export async function verifyIssued(ctx: StepContext): Promise<CheckResult[]> {
  const r = results('TLS');
  const names = certificateNames(ctx.answers.domain, ctx.answers.hostname);
  const src = sourceFiles(ctx);
  // Read together: one round trip (a missing key with a missing certificate is simply null).
  const [cert, key] = await Promise.all([ctx.remote.readFile(src.cert), ctx.remote.readFile(src.key)]);
  let state = judge(cert, cert ? key : null, names);
  if (!state.ok) state = await installedCertificate(ctx);
  return [
    state.ok
      ? r.ok('tls.certificate.issued', 'certificate issued', state.reason)
      : r.fail('tls.certificate.issued', 'certificate issued', state.reason, 'run mailsetup again to issue it'),
  ];
}

export const certificateInstallStep: Step = {
  id: 'certificate-install',
  title: 'Certificate for chasquid',
  why: 'chasquid reads the certificate from its own folder, and renewal must keep it there.',
  reads: ['tls.client', 'domain', 'hostname'],
  needs: ['certificate', 'chasquid'],
  tasks: (ctx) => [
    {
      title: `Place it for chasquid (${certDir(ctx.answers.hostname)})`,
      task: async (_, task) => {
        const hook = await reloadHookScript(ctx);
        const [wrote, valid] = await Promise.all([
          ctx.remote.writeFile(reloadHook, hook, { mode: 0o700, makeParent: MAILSETUP_DIR_MODE }),
          chasquidHas.get(ctx) ?? installedCertificate(ctx).then((c) => c.ok),
        ]);
        if (valid) {
          // The installed certificate is good; the hook is only for renewals.
          if (wrote.changed) changed(task, 'reload hook updated');
          else alreadyDone(task);
          return;
        }
        // Placed without a restart: the hook notes it, and the restart step
        // starts chasquid once with this and every other change of the run.
        const res =
          ctx.answers.tls.client === 'acme.sh' ? await registerAcmeShHook(ctx) : await ctx.remote.exec(sh`MAILSETUP_PLACE_ONLY=1 sh ${reloadHook}`);
        if (res.stdout.includes('placed')) changed(task, 'installed; chasquid starts with it at the restart step');
        else alreadyDone(task);
      },
    },
    {
      title: 'Schedule renewal',
      task: async (_, task) => {
        // acme.sh keeps its DNS variables itself and the reload hook is
        // registered with it; lego reads them from a root-only file.
        const files =
          ctx.answers.tls.client === 'acme.sh'
            ? { env: undefined, script: acmeShRenewScript(ctx) }
            : renewalFiles(ctx, checkProviderEnv(ctx), caOnServer(ctx));
        // Every file and the timer's state in one round trip.
        const [env, script, service, timer, enabled] = await Promise.all([
          files.env !== undefined ? writeSecretFile(ctx, dnsEnvFile, files.env) : false,
          ctx.remote.writeFile(RENEW_SCRIPT, files.script, { mode: 0o700 }),
          ctx.remote.writeFile('/etc/systemd/system/mailsetup-certificate.service', fill(asset('reload/mailsetup-certificate.service'), { script: RENEW_SCRIPT })),
          ctx.remote.writeFile('/etc/systemd/system/mailsetup-certificate.timer', asset('reload/mailsetup-certificate.timer')),
          holds(ctx, sh`systemctl is-enabled --quiet ${TIMER} && systemctl is-active --quiet ${TIMER}`),
        ]);
        const any = env || script.changed;
        const unitChanged = service.changed || timer.changed;
        // `systemctl enable` reloads systemd's view of the units itself
        // (unless --no-reload), even when the timer was enabled already:
        // a separate daemon-reload before it would only cost a second one.
        const enable = unitChanged || !enabled;
        if (enable) await ctx.remote.exec(sh`systemctl enable --now ${TIMER} >/dev/null 2>&1`);
        if (any || enable) changed(task, 'daily renewal timer set');
        else alreadyDone(task, 'renewal timer enabled');
      },
    },
  ],
  verify: (ctx) => verifyPlaced(ctx),
};

/** The certificate in chasquid's folder, valid and private; that chasquid serves it is the restart step's check. */
export async function verifyPlaced(ctx: StepContext): Promise<CheckResult[]> {
  const { results: out } = await checkCertificate(ctx, { served: false });
  return out;
}

export async function verifyCertificate(ctx: StepContext): Promise<CheckResult[]> {
  // The same checks as `mailsetup --check`: chasquid running with renewal
  // scheduled, and TLS on 25/465/587 as receivers and mail apps see it
  // (the restart step's, and day two's, once chasquid runs with it); all at once.
  const checks = checkContext(ctx);
  const [{ results: out, cert }, service, tls] = await Promise.all([
    checkCertificate(ctx),
    checks.then((c) => checkService(c)),
    checks.then((c) => checkTls(c)),
  ]);
  if (cert) ctx.facts.certificate = { path: `${certDir(ctx.answers.hostname)}/fullchain.pem`, notAfter: new Date(cert.validTo).toISOString() };
  return [...out, ...service, ...tls];
}
