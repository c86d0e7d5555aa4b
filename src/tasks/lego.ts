// The lego path (Debian's own package; the lab's path): DNS-01 for the
// domain and its wildcard with an ECDSA P-256 key. The provider's
// credentials reach lego through stdin for the first issuance and, once it
// worked, through a root-only env file that the daily renewal reads.
import { credentialSecrets } from '../state/secrets.js';
import { quote, raw, sh } from '../remote/quote.js';
import { aptInstall } from './apt.js';
import { explainIssuanceFailure } from './acme-client.js';
import { asset, fill } from './assets.js';
import { certificateNames } from '../server/cert-probe.js';
import { envFileBody } from './dns-credentials.js';
import { dnsEnvFile, legoDir, reloadHook } from '../server/paths.js';
import type { Task } from './report.js';
import type { StepContext } from './types.js';

export const RENEW_SCRIPT = '/etc/mailsetup/renew-certificate.sh';

export function legoArgs(ctx: StepContext): string[] {
  const { tls, domain, hostname } = ctx.answers;
  const args = ['--accept-tos', '--email', tls.email, '--path', legoDir, '--dns', tls.dnsProvider, '--key-type', 'ec256'];
  if (tls.acmeServer) args.push('--server', tls.acmeServer);
  for (const name of certificateNames(domain, hostname)) args.push('-d', name);
  return args;
}

/** Where lego leaves the bundle and key: named after the first domain. */
export const legoFiles = (domain: string) => ({
  cert: `${legoDir}/certificates/${domain}.crt`,
  key: `${legoDir}/certificates/${domain}.key`,
});

/** The packages it installed (none when lego was there). */
export function installLego(ctx: StepContext, task: Task): Promise<string[]> {
  return aptInstall(ctx, task, ['lego']);
}

/**
 * lego sleeps one polling interval (2 s by default) before it first asks
 * every authoritative server for the challenge record, and again between
 * asks, once per name. An rfc2136 update lands on the primary at once, so
 * asking every second saves seconds per issuance; lego still waits until
 * each authoritative server has the record, up to the same timeout. A value
 * the user gave wins.
 */
export function pollingDefaults(ctx: StepContext, env: Record<string, string>): Record<string, string> {
  if (ctx.answers.tls.dnsProvider !== 'rfc2136' || env.RFC2136_POLLING_INTERVAL) return {};
  return { RFC2136_POLLING_INTERVAL: '1' };
}

export async function issueWithLego(ctx: StepContext, task: Task, env: Record<string, string>, caOnServer?: string): Promise<void> {
  const ca = caOnServer ? sh`LEGO_CA_CERTIFICATES=${caOnServer}; export LEGO_CA_CERTIFICATES;` : raw('');
  try {
    await ctx.remote.exec(sh`set -a; . /dev/stdin; set +a; ${ca} lego ${legoArgs(ctx)} run`, {
      stdin: envFileBody({ ...pollingDefaults(ctx, env), ...env }),
      redact: credentialSecrets(env),
      onLine: (line) => {
        task.output = line;
      },
      timeoutMs: 15 * 60_000,
    });
  } catch (error) {
    throw explainIssuanceFailure(ctx, error, Object.keys(env));
  }
}

/** The files a daily renewal needs: credentials (0600), the renew script, the cron line. */
export function renewalFiles(ctx: StepContext, env: Record<string, string>, caOnServer?: string) {
  const caLine: Record<string, string> = caOnServer ? { LEGO_CA_CERTIFICATES: caOnServer } : {};
  const script = fill(asset('reload/renew-lego.sh'), {
    envFile: quote(dnsEnvFile),
    legoArgs: legoArgs(ctx).map(quote).join(' '),
    reloadHook: quote(reloadHook),
  });
  return {
    env: envFileBody({ ...env, ...caLine }),
    script,
    command: RENEW_SCRIPT,
  };
}
