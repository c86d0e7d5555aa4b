// The acme.sh path (the guide's choice, for real hosts): installed from its
// upstream when missing, DNS-01 through one of its dnsapi providers, ECC key.
// acme.sh keeps the provider's variables in its account.conf (root only) and
// installs its own daily cron job, which calls the reload hook on renewal.
import { credentialSecrets } from '../state/secrets.js';
import { raw, sh } from '../remote/quote.js';
import { RemoteCommandError } from '../remote/types.js';
import { explainIssuanceFailure } from './acme-client.js';
import { certificateNames } from '../server/cert-probe.js';
import { envFileBody } from './dns-credentials.js';
import { reloadHook } from '../server/paths.js';
import type { Task } from './report.js';
import type { StepContext } from './types.js';

export const ACME_HOME = '/root/.acme.sh';
const ACME = `${ACME_HOME}/acme.sh`;
/** acme.sh exits 2 when the certificate exists and is not due: not an error. */
const NOT_DUE = 2;

export const acmeShFiles = (domain: string) => ({
  cert: `${ACME_HOME}/${domain}_ecc/fullchain.cer`,
  key: `${ACME_HOME}/${domain}_ecc/${domain}.key`,
});

export async function installAcmeSh(ctx: StepContext, task: Task): Promise<boolean> {
  const present = await ctx.remote.exec(sh`[ -x ${ACME} ]`, { readOnly: true, allowFailure: true });
  if (present.code === 0) return false;
  task.output = 'downloading acme.sh from its upstream (get.acme.sh)';
  const res = await ctx.remote.exec(
    sh`cd /tmp && { command -v curl >/dev/null && curl -fsSL https://get.acme.sh || wget -qO- https://get.acme.sh; } | sh -s email=${ctx.answers.tls.email}`,
    { allowFailure: true, timeoutMs: 300_000, onLine: (l) => (task.output = l) },
  );
  if (res.code !== 0) {
    throw new Error(
      'installing acme.sh failed: the server needs internet access to get.acme.sh (and curl or wget). ' +
        'Fix the server\'s outbound HTTPS, or choose the lego client (tls.client: lego), which comes from the distribution.',
    );
  }
  return true;
}

export async function issueWithAcmeSh(ctx: StepContext, task: Task, env: Record<string, string>, caOnServer?: string): Promise<void> {
  const { tls, domain, hostname } = ctx.answers;
  const names = certificateNames(domain, hostname).flatMap((n) => ['-d', n]);
  const server = tls.acmeServer ? sh`--server ${tls.acmeServer}` : sh`--server letsencrypt`;
  const ca = caOnServer ? sh`--ca-bundle ${caOnServer}` : raw('');
  try {
    const res = await ctx.remote.exec(
      sh`set -a; . /dev/stdin; set +a; ${ACME} --issue --dns ${tls.dnsProvider} ${names} --keylength ec-256 ${server} ${ca} --dnssleep 25`,
      { stdin: envFileBody(env), redact: credentialSecrets(env), allowFailure: true, timeoutMs: 15 * 60_000, onLine: (l) => (task.output = l) },
    );
    if (res.code !== 0 && res.code !== NOT_DUE) {
      throw new RemoteCommandError('acme.sh --issue', res.code, `${res.stdout}\n${res.stderr}`.trim().split('\n').slice(-8));
    }
  } catch (error) {
    throw explainIssuanceFailure(ctx, error, Object.keys(env));
  }
  // Renewals: acme.sh's own cron copies nothing by itself; the reload hook does.
  await ctx.remote.exec(sh`${ACME} --install-cert -d ${domain} --ecc --reloadcmd ${`sh ${reloadHook}`} >/dev/null`);
}
