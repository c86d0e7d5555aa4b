// Guide steps 5, 7 and 8 (docs/guide-steps.md): chasquid from the distribution's packages, its
// hostname set to the server's reverse-DNS name, listening on 25, 587 and
// 465, the domain's folder in place, enabled and running.
import { checkChasquidHostname, checkListening, checkRunning, runningSkipped } from '../checks/service.js';
import type { CheckResult } from '../checks/types.js';
import { sh } from '../remote/quote.js';
import type { ExecResult } from '../remote/types.js';
import { aptInstall } from './apt.js';
import { candidateVersion, chasquidVersion, signsNatively } from '../server/version.js';
import { getConfValues, setConfValue } from '../server/conf.js';
import { preloadLateModules } from './late-modules.js';
import { spamFilterToInstall } from './spam-filter.js';
import { CHASQUID_CONF, domainDir } from '../server/paths.js';
import { ensureDir } from '../server/probe.js';
import { alreadyDone, changed } from './report.js';
import { hasCertificate, isActive, restartChasquid, UNIT } from '../server/service.js';
import type { Step, StepContext } from './types.js';

const LISTENERS: Record<string, string> = {
  smtp_address: ':25',
  submission_address: ':587',
  submission_over_tls_address: ':465',
};

/**
 * Packages the later steps will need with these answers: python3-dkim for
 * the hook on chasquid < 1.14. (The ACME client came through apt in its own
 * step before, so issuance runs while this install does.)
 */
async function companions(ctx: StepContext): Promise<string[]> {
  const extra: string[] = [];
  const version = ctx.facts.chasquidVersion ?? (await candidateVersion(ctx));
  if (version && !signsNatively(version)) extra.push('python3-dkim');
  // The spam filter is the biggest install of a run: in the same transaction it starts (and loads its rules) sooner.
  extra.push(...(spamFilterToInstall(ctx)?.packages ?? []));
  return extra;
}

/**
 * Socket units the package ships (socket activation) or none (chasquid binds
 * itself), each with its enablement: list-unit-files' state column is what
 * `systemctl is-enabled` would say, so one command tells both.
 */
async function socketUnits(ctx: StepContext): Promise<{ unit: string; state: string }[]> {
  const res = await ctx.remote.exec(sh`systemctl list-unit-files --no-legend --type=socket 'chasquid*' 2>/dev/null`, {
    readOnly: true,
    allowFailure: true,
  });
  return res.stdout
    .split('\n')
    .map((l) => l.trim().split(/\s+/))
    .filter(([unit]) => unit)
    .map(([unit, state]) => ({ unit: unit!, state: state ?? '' }));
}


/** The config chasquid should have; `systemd` listeners keep the package's socket units in charge. */
export function wantedConf(current: string, hostname: string, sockets: string[]): string {
  let next = setConfValue(current, 'hostname', hostname);
  if (sockets.length === 0) {
    for (const [key, address] of Object.entries(LISTENERS)) {
      if (!getConfValues(next, key).includes(address)) next = setConfValue(next, key, address);
    }
  }
  return next;
}

export const chasquidStep: Step = {
  id: 'chasquid',
  title: 'SMTP server (chasquid)',
  why: 'chasquid is the small, modern SMTP server that will send mail for your domain.',
  reads: ['hostname', 'domain'],
  needs: ['acme-client'],
  tasks: (ctx) => {
    let confChanged = false;
    // What "Enable and start" looks at, asked together with the domain
    // folder's creation (none depends on the folder): one round trip.
    let startProbes: Promise<[ExecResult, boolean, boolean]> | undefined;
    const probeStart = () =>
      (startProbes ??= Promise.all([
        ctx.remote.exec(sh`systemctl is-enabled --quiet ${UNIT}`, { readOnly: true, allowFailure: true }),
        hasCertificate(ctx),
        isActive(ctx),
      ]));
    return [
      {
        title: 'Install chasquid from the distribution',
        task: async (_, task) => {
          // One apt transaction for what later steps need too (each step still
          // checks its own packages): apt's fixed cost is paid once.
          // A fresh server runs the proof and the backup at the end: load their modules meanwhile.
          const installed = await aptInstall(ctx, task, ['chasquid', ...(await companions(ctx))], ctx.dryRun ? undefined : preloadLateModules);
          const version = await chasquidVersion(ctx);
          if (version) ctx.facts.chasquidVersion = version;
          if (installed.length) changed(task, `installed chasquid ${version ?? ''}`.trim());
          else alreadyDone(task, `chasquid ${version ?? ''} installed`.trim());
        },
      },
      {
        title: `Set the hostname (${ctx.answers.hostname}) and the listeners (25, 587, 465)`,
        task: async (_, task) => {
          const [conf, sockets] = await Promise.all([ctx.remote.readFile(CHASQUID_CONF), socketUnits(ctx)]);
          const current = conf?.toString('utf8') ?? '';
          const next = wantedConf(current, ctx.answers.hostname, sockets.map((s) => s.unit));
          // Socket activation: the units own the ports; they must be enabled
          // (one enable for all: each systemctl call costs), beside the write.
          // --no-reload: the units are loaded already (the package's install
          // reloaded systemd), enabling only adds their links for boot, and
          // chasquid.service requires them, so its start starts them; the
          // reload would cost ~0.2 s for nothing.
          const disabled = sockets.filter((s) => s.state !== 'enabled').map((s) => s.unit);
          const [res] = await Promise.all([
            ctx.remote.writeFile(CHASQUID_CONF, next),
            disabled.length ? ctx.remote.exec(sh`systemctl enable --no-reload ${disabled} >/dev/null 2>&1`) : undefined,
          ]);
          if (disabled.length) res.changed = true;
          confChanged = res.changed;
          if (res.changed) changed(task, 'chasquid.conf updated');
          else alreadyDone(task, 'chasquid.conf as wanted');
        },
      },
      {
        title: `Create the domain folder for ${ctx.answers.domain}`,
        task: async (_, task) => {
          const [created] = await Promise.all([ensureDir(ctx, domainDir(ctx.answers.domain)), probeStart()]);
          if (created) changed(task, 'created');
          else alreadyDone(task);
        },
      },
      {
        title: 'Enable and start chasquid',
        task: async (_, task) => {
          const [enabled, certificate, running] = await probeStart();
          if (enabled.code !== 0) await ctx.remote.exec(sh`systemctl enable ${UNIT}`);
          if (!certificate) {
            // chasquid will not run without a certificate: the next step
            // places one and starts it.
            task.title = 'Enable chasquid (it starts once the certificate is in place)';
            if (enabled.code !== 0) changed(task, 'enabled');
            else alreadyDone(task, 'enabled');
            return;
          }
          const active = running;
          if (!active || confChanged) {
            await restartChasquid(ctx, active ? 'the config change' : 'starting it');
            changed(task, active ? 'restarted with the new config' : 'started');
          } else if (enabled.code !== 0) changed(task, 'enabled');
          else alreadyDone(task, 'enabled and running');
        },
      },
    ];
  },
  verify: (ctx) => verifyChasquid(ctx),
};

/** The chasquid checks of --check (checks/service.ts); before the certificate step, chasquid cannot run yet. */
export async function verifyChasquid(ctx: StepContext): Promise<CheckResult[]> {
  const [certificate, hostname] = await Promise.all([hasCertificate(ctx), checkChasquidHostname(ctx.remote, ctx.answers.hostname)]);
  if (!certificate) return [runningSkipped('it starts once the certificate step has placed a certificate'), hostname];
  const [running, listening] = await Promise.all([checkRunning(ctx.remote), checkListening(ctx.remote)]);
  return [running, hostname, listening];
}
