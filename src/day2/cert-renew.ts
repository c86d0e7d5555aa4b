// Renewing the certificate now, through the same client, credentials and
// reload hook the daily renewal uses (tasks/lego.ts, tasks/acme-sh.ts): the
// DNS credentials stay in their root-only file on the server; nothing
// secret travels for this. The client is told the certificate is due.
import { quote, raw, sh, type Raw } from '../remote/quote.js';
import { explainIssuanceFailure } from '../tasks/acme-client.js';
import { legoArgs, legoRenewFlags } from '../tasks/lego.js';
import { acmeShRenewNow } from '../tasks/acme-sh.js';
import { RemoteCommandError } from '../remote/types.js';
import { dnsEnvFile, reloadHook } from '../server/paths.js';
import type { StepContext } from '../tasks/types.js';

export function renewCommand(ctx: StepContext): Raw {
  if (ctx.answers.tls.client === 'lego') {
    // --days far beyond any lifetime makes the certificate due now; the random
    // sleep lego adds for unattended renewals is skipped when it knows the flag.
    return raw(
      [
        'set -eu',
        `[ -r ${quote(dnsEnvFile)} ] || { echo "no renewal credentials (${quote(dnsEnvFile)}): run mailsetup to set up the certificate first" >&2; exit 3; }`,
        `set -a; . ${quote(dnsEnvFile)}; set +a`,
        'sleep_flag=; lego renew --help 2>/dev/null | grep -q -- --no-random-sleep && sleep_flag=--no-random-sleep',
        sh`lego ${legoArgs(ctx)} renew --days 36500 $sleep_flag --renew-hook ${reloadHook} ${legoRenewFlags(ctx)}`.text,
      ].join('\n'),
    );
  }
  // Only the pinned release runs (checked as in the daily renewal).
  return raw(acmeShRenewNow(ctx));
}

export async function renewNow(ctx: StepContext, onLine: (line: string) => void): Promise<void> {
  try {
    await ctx.remote.exec(renewCommand(ctx), { onLine, timeoutMs: 15 * 60_000 });
  } catch (error) {
    // Exit 3: no renewal credentials, already said in the client's last line.
    if (error instanceof RemoteCommandError && error.code === 3) throw error;
    // The same explanations as the first issuance (a rate limit, the CA unreachable, ...).
    throw explainIssuanceFailure(ctx, error, [`the variables in ${dnsEnvFile}`]);
  }
}
