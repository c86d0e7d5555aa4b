// Starting and restarting chasquid, and saying why when it will not run:
// the last journal lines are what a person would look at first.
import { sh } from '../remote/quote.js';
import type { StepContext } from './types.js';

export const UNIT = 'chasquid';

export async function journalTail(ctx: StepContext, lines = 15): Promise<string> {
  const res = await ctx.remote.exec(sh`journalctl -u ${UNIT} -n ${lines} --no-pager -o cat 2>/dev/null || true`, {
    readOnly: true,
    allowFailure: true,
  });
  return res.stdout.trim();
}

export async function isActive(ctx: StepContext): Promise<boolean> {
  const res = await ctx.remote.exec(sh`systemctl is-active ${UNIT}`, { readOnly: true, allowFailure: true });
  return res.stdout.trim() === 'active';
}

export class ServiceFailedError extends Error {
  constructor(action: string, journal: string) {
    super(
      `chasquid did not stay running after ${action}. Its last log lines:\n${journal
        .split('\n')
        .map((l) => `  | ${l}`)
        .join('\n')}\nFix what the log names (often a certificate or a config line), then run mailsetup again.`,
    );
    this.name = 'ServiceFailedError';
  }
}

/** True when chasquid has a certificate to start with (it refuses to run without one). */
export async function hasCertificate(ctx: StepContext): Promise<boolean> {
  const res = await ctx.remote.exec(sh`ls /etc/chasquid/certs/*/fullchain.pem >/dev/null 2>&1`, { readOnly: true, allowFailure: true });
  return res.code === 0;
}

/** Restart (or start) chasquid and make sure it is still up a moment later; a failed unit's restart limit is reset first. */
export async function restartChasquid(ctx: StepContext, action = 'a restart'): Promise<void> {
  if (ctx.dryRun) {
    await ctx.remote.exec(sh`systemctl restart ${UNIT}`);
    return;
  }
  const res = await ctx.remote.exec(sh`systemctl reset-failed ${`${UNIT}*`} 2>/dev/null; systemctl restart ${UNIT} && sleep 1 && systemctl is-active ${UNIT}`, {
    allowFailure: true,
  });
  if (res.code !== 0) throw new ServiceFailedError(action, await journalTail(ctx));
}
