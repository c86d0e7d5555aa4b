// Starting and restarting chasquid, and saying why when it will not run:
// the last journal lines are what a person would look at first.
import { sh } from '../remote/quote.js';
import type { ServerContext } from './context.js';

export const UNIT = 'chasquid';

export async function journalTail(ctx: ServerContext, lines = 15): Promise<string> {
  const res = await ctx.remote.exec(sh`journalctl -u ${UNIT} -n ${lines} --no-pager -o cat 2>/dev/null || true`, {
    readOnly: true,
    allowFailure: true,
  });
  return res.stdout.trim();
}

export async function isActive(ctx: ServerContext): Promise<boolean> {
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
export async function hasCertificate(ctx: ServerContext): Promise<boolean> {
  const res = await ctx.remote.exec(sh`ls /etc/chasquid/certs/*/fullchain.pem >/dev/null 2>&1`, { readOnly: true, allowFailure: true });
  return res.code === 0;
}

/**
 * On the server, the reasons a restart is waiting for: chasquid reads its
 * DKIM keys, users and aliases when it starts (users and aliases again only
 * every 30 s). Steps that change them call `restartLater`; the restart step
 * then restarts chasquid once for all of them. In /run, so a reboot, which
 * restarts chasquid anyway, clears it.
 */
export const RESTART_PENDING = '/run/mailsetup/chasquid-restart-pending';

/**
 * Note that chasquid must be restarted for `why`. Called before the change
 * is made, so a run cut off between the change and the restart still leaves
 * the note for the next run (a note without a change only costs a restart).
 */
export async function restartLater(ctx: ServerContext, why: string): Promise<void> {
  if (ctx.dryRun) notedInDryRun.set(ctx, [...(notedInDryRun.get(ctx) ?? []), why]);
  await ctx.remote.exec(sh`mkdir -p /run/mailsetup && echo ${why} >> ${RESTART_PENDING}`);
}

/** A dry run writes no note on the server; its restart step still lists the restart the run would make. */
const notedInDryRun = new WeakMap<ServerContext, string[]>();

/** The reasons noted since chasquid's last restart by mailsetup (empty: nothing waits). */
export async function pendingRestart(ctx: ServerContext): Promise<string[]> {
  const text = (await ctx.remote.exec(sh`cat ${RESTART_PENDING} 2>/dev/null || true`, { readOnly: true, allowFailure: true })).stdout;
  const noted = [...text.split('\n'), ...(notedInDryRun.get(ctx) ?? [])];
  return [...new Set(noted.map((l) => l.trim()).filter(Boolean))];
}

/**
 * Ready means chasquid greets on port 25: it loads its config, certificates,
 * keys, users and aliases before it serves, and every error among them stops
 * it first. A failing chasquid is restarted by systemd until its start limit
 * makes the unit "failed", which ends the wait early.
 */
const WAIT_READY = [
  'for i in $(seq 100); do',
  `greeting=$(timeout 2 bash -c 'exec 3<>/dev/tcp/127.0.0.1/25 && head -c 3 <&3 && printf "QUIT\\r\\n" >&3' 2>/dev/null);`,
  '[ "$greeting" = 220 ] && exit 0;',
  `systemctl is-failed --quiet ${UNIT} && exit 1;`,
  'sleep 0.1;',
  'done; exit 1',
].join(' ');

/** Restart (or start) chasquid and wait until it serves again; a failed unit's restart limit is reset first. Clears a pending restart. */
export async function restartChasquid(ctx: ServerContext, action = 'a restart'): Promise<void> {
  if (ctx.dryRun) {
    await ctx.remote.exec(sh`systemctl restart ${UNIT}`);
    return;
  }
  const res = await ctx.remote.exec(
    sh`systemctl reset-failed ${`${UNIT}*`} 2>/dev/null; systemctl restart ${UNIT} && sh -c ${WAIT_READY} && rm -f ${RESTART_PENDING}`,
    { allowFailure: true },
  );
  if (res.code !== 0) throw new ServiceFailedError(action, await journalTail(ctx));
}
