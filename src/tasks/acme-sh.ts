// The acme.sh path (the guide's client): the pinned release
// (acme-sh-release.ts), installed only when acme.sh and the DNS plugin used
// match their sha256, checked again before each issuance and renewal.
// DNS-01 through one of its dnsapi plugins, ECC key. acme.sh keeps the
// plugin's variables in its own root-only config for renewals, which
// mailsetup's daily timer runs (`acme.sh --cron`); the reload hook is
// registered with acme.sh and hands each new certificate to chasquid.
import { readFile } from 'node:fs/promises';
import { findClientProvider } from '../dns/providers/registry/index.js';
import { credentialSecrets } from '../state/secrets.js';
import { quote, raw, sh } from '../remote/quote.js';
import { RemoteCommandError } from '../remote/types.js';
import { explainIssuanceFailure } from './acme-client.js';
import { ACME_SH_TOP, ACME_SH_URL, ACME_SH_VERSION, acmeShChecksums } from './acme-sh-release.js';
import { NSUPDATE_KEY_FILE, nsupdateKeyFile } from './acme-sh-nsupdate.js';
import { aptInstall } from './apt.js';
import { asset, fill } from './assets.js';
import { certificateNames } from '../server/cert-probe.js';
import { envFileBody } from './dns-credentials.js';
import { ACME_SH_HOME, MAILSETUP_DIR, MAILSETUP_DIR_MODE, reloadHook } from '../server/paths.js';
import { ensureDir } from '../server/probe.js';
import { writeSecretFile } from './secret-file.js';
import type { Task } from './report.js';
import type { StepContext } from './types.js';

export const ACME_HOME = ACME_SH_HOME;
const ACME = `${ACME_HOME}/acme.sh`;
/** Where the release is unpacked and checked before it is installed (root's home: no other user can swap files). */
const UNPACK = '/root/.mailsetup-acme.sh-release';
/** acme.sh exits 2 when the certificate exists and is not due: not an error. */
const NOT_DUE = 2;

export const acmeShFiles = (domain: string) => ({
  cert: `${ACME_HOME}/${domain}_ecc/fullchain.cer`,
  key: `${ACME_HOME}/${domain}_ecc/${domain}.key`,
});

const checksums = (ctx: StepContext) => acmeShChecksums(ctx.answers.tls.dnsProvider);

/** Whether acme.sh and the plugin in `dir` are the pinned release's, byte for byte. */
async function matchesRelease(ctx: StepContext, dir: string): Promise<boolean> {
  const res = await ctx.remote.exec(sh`cd ${dir} 2>/dev/null && sha256sum --check --status --strict -`, { stdin: checksums(ctx), readOnly: true, allowFailure: true });
  return res.code === 0;
}

/** Refuse to run an installed acme.sh that is not the pinned release (changed, upgraded, or another plugin). */
export async function verifyInstalledAcmeSh(ctx: StepContext): Promise<void> {
  if (await matchesRelease(ctx, ACME_HOME)) return;
  throw new Error(
    `${ACME} or its ${ctx.answers.tls.dnsProvider} plugin is not acme.sh ${ACME_SH_VERSION} as released (sha256 differs): ` +
      `mailsetup runs only the pinned release. Move ${ACME_HOME} aside and run mailsetup again to install it.`,
  );
}

export async function installAcmeSh(ctx: StepContext, task: Task): Promise<boolean> {
  const plugin = findClientProvider('acme.sh', ctx.answers.tls.dnsProvider)?.plugin;
  await aptInstall(ctx, task, ['curl', 'openssl', ...(plugin?.packages ?? [])]);
  if (await matchesRelease(ctx, ACME_HOME)) return false;
  const present = await ctx.remote.exec(sh`[ -e ${ACME} ]`, { readOnly: true, allowFailure: true });
  if (present.code === 0) await verifyInstalledAcmeSh(ctx); // another acme.sh: say so, never overwrite it

  await ctx.remote.exec(sh`rm -rf ${UNPACK} && mkdir -m 700 ${UNPACK}`);
  const tarball = `${UNPACK}/release.tar.gz`;
  const local = ctx.answers.tls.acmeShTarball;
  if (local) {
    task.output = `uploading acme.sh ${ACME_SH_VERSION} (${local})`;
    // A dry run would list the tarball's bytes as a diff: name the upload instead (`:` does nothing).
    if (ctx.dryRun) await ctx.remote.exec(sh`: upload ${local} to ${tarball}, then check its files against the pinned sha256`);
    else await ctx.remote.writeFile(tarball, await readFile(local), { mode: 0o600, backup: false });
  } else {
    task.output = `downloading acme.sh ${ACME_SH_VERSION} (${ACME_SH_URL})`;
    const got = await ctx.remote.exec(sh`curl -fsSL --proto =https --max-time 120 -o ${tarball} ${ACME_SH_URL}`, { allowFailure: true, timeoutMs: 180_000 });
    if (got.code !== 0) {
      throw new Error(
        `downloading acme.sh ${ACME_SH_VERSION} failed (${ACME_SH_URL}): the server needs outbound HTTPS to github.com. ` +
          'Fix that, or give the release tarball from this computer as tls.acmeShTarball, or choose lego (tls.client: lego), which comes from the distribution.',
      );
    }
  }
  const release = `${UNPACK}/${ACME_SH_TOP}`;
  await ctx.remote.exec(sh`tar -xzf ${tarball} -C ${UNPACK} --no-same-owner --no-same-permissions`);
  // A dry run listed the commands above without running them: nothing to check yet.
  if (ctx.dryRun) return true;
  if (!(await matchesRelease(ctx, release))) {
    await ctx.remote.exec(sh`rm -rf ${UNPACK}`);
    throw new Error(
      `the acme.sh ${ACME_SH_VERSION} tarball does not hold the released acme.sh and ${ctx.answers.tls.dnsProvider} plugin (sha256 differs); nothing was installed. ` +
        `Get the release from ${ACME_SH_URL} (or choose lego).`,
    );
  }
  task.output = `installing acme.sh ${ACME_SH_VERSION} (sha256 verified)`;
  // Copied as released rather than through `acme.sh --install`, which
  // rewrites acme.sh's first line (so its sha256 could not be checked again)
  // and adds a cron line and a shell alias; mailsetup's timer renews.
  const res = await ctx.remote.exec(
    sh`install -d -m 700 ${ACME_HOME} && cd ${release} && cp -R acme.sh dnsapi deploy notify ${`${ACME_HOME}/`} && chmod 700 ${ACME}`,
    { allowFailure: true },
  );
  await ctx.remote.exec(sh`rm -rf ${UNPACK}`);
  if (res.code !== 0) throw new RemoteCommandError('installing acme.sh', res.code, `${res.stdout}\n${res.stderr}`.trim().split('\n').slice(-8));
  await verifyInstalledAcmeSh(ctx);
  return true;
}

export async function issueWithAcmeSh(ctx: StepContext, task: Task, env: Record<string, string>, caOnServer?: string): Promise<void> {
  const { tls, domain, hostname } = ctx.answers;
  if (!ctx.dryRun) await verifyInstalledAcmeSh(ctx);
  const key = nsupdateKeyFile(ctx);
  if (key) {
    await ensureDir(ctx, MAILSETUP_DIR, MAILSETUP_DIR_MODE);
    await writeSecretFile(ctx, NSUPDATE_KEY_FILE, key);
  }
  const names = certificateNames(domain, hostname).flatMap((n) => ['-d', n]);
  const server = tls.acmeServer ? sh`--server ${tls.acmeServer}` : sh`--server letsencrypt`;
  const ca = caOnServer ? sh`--ca-bundle ${caOnServer}` : raw('');
  try {
    const res = await ctx.remote.exec(
      sh`set -a; . /dev/stdin; set +a; ${ACME} --home ${ACME_HOME} --issue --dns ${tls.dnsProvider} ${names} --keylength ec-256 ${server} ${ca} --accountemail ${tls.email} --dnssleep 25`,
      { stdin: envFileBody(env), redact: credentialSecrets(env), allowFailure: true, timeoutMs: 15 * 60_000, onLine: (l) => (task.output = l) },
    );
    if (res.code !== 0 && res.code !== NOT_DUE) {
      throw new RemoteCommandError('acme.sh --issue', res.code, `${res.stdout}\n${res.stderr}`.trim().split('\n').slice(-8));
    }
  } catch (error) {
    throw explainIssuanceFailure(ctx, error, Object.keys(env));
  }
}

/**
 * Register the reload hook with acme.sh, which runs it now and after each
 * renewal (acme.sh copies nothing by itself; the hook does). Only once the
 * hook is on the server: acme.sh fails when it cannot run it.
 */
export async function registerAcmeShHook(ctx: StepContext): Promise<{ stdout: string }> {
  if (!ctx.dryRun) await verifyInstalledAcmeSh(ctx);
  return ctx.remote.exec(sh`${ACME} --home ${ACME_HOME} --install-cert -d ${ctx.answers.domain} --ecc --reloadcmd ${`sh ${reloadHook}`}`);
}

/**
 * Shell that stops (exit 3, the reason on stderr) unless acme.sh and the
 * plugin in ACME_HOME are the pinned release's: run before acme.sh on every
 * path that does not go through verifyInstalledAcmeSh (the daily renewal,
 * `mailsetup cert renew`).
 */
export function acmeShGuard(ctx: StepContext): string {
  return [
    sh`printf '%s' ${checksums(ctx)} | (cd ${ACME_HOME} && sha256sum --check --status --strict -) || {`.text,
    `  echo "acme.sh in ${ACME_HOME} is not the release mailsetup installed (sha256 differs): not running it; run mailsetup again" >&2`,
    '  exit 3',
    '}',
  ].join('\n');
}

/** The daily renewal script: the guard, then `acme.sh --cron` (renews when due, runs the reload hook). */
export function acmeShRenewScript(ctx: StepContext): string {
  return fill(asset('reload/renew-acme-sh.sh'), { home: quote(ACME_HOME), guard: acmeShGuard(ctx) });
}

/** `mailsetup cert renew` with acme.sh: the guard, then a forced renewal (the reload hook runs). */
export function acmeShRenewNow(ctx: StepContext): string {
  return [acmeShGuard(ctx), sh`${ACME} --home ${ACME_HOME} --renew -d ${ctx.answers.domain} --ecc --force`.text].join('\n');
}
