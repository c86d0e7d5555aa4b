// The few facts a person wants before reading a mail log: is chasquid
// running, on which ports, how long the certificate lasts, how much mail
// waits in the queue, and when the certificate renews next.
import { parseListeners } from '../checks/service.js';
import { sh } from '../remote/quote.js';
import { installedCertificate } from '../server/cert-probe.js';
import type { StepContext } from '../tasks/types.js';

export const QUEUE_DIR = '/var/lib/chasquid/queue';
export const RENEWAL_TIMER = 'mailsetup-certificate.timer';

export interface ServerStatus {
  active: string;
  since?: string;
  ports: number[];
  certificate?: { daysLeft: number; validTo: string; names: string };
  certificateProblem?: string;
  queue: number;
  nextRenewal?: string;
}

const text = async (ctx: StepContext, cmd: ReturnType<typeof sh>) =>
  (await ctx.remote.exec(cmd, { readOnly: true, allowFailure: true })).stdout.trim();

/** The next run of the renewal timer, or acme.sh's cron line, as one phrase. */
export async function nextRenewal(ctx: StepContext): Promise<string | undefined> {
  const next = await text(ctx, sh`systemctl show -p NextElapseUSecRealtime --value ${RENEWAL_TIMER} 2>/dev/null`);
  if (next && next !== 'n/a' && next !== '0') return `${next} (${RENEWAL_TIMER})`;
  const cron = await text(ctx, sh`crontab -l 2>/dev/null | grep -m1 acme.sh`);
  return cron ? `daily by acme.sh's cron line (${cron.split(/\s+/).slice(0, 5).join(' ')})` : undefined;
}

export async function serverStatus(ctx: StepContext, now = Date.now()): Promise<ServerStatus> {
  const active = (await text(ctx, sh`systemctl is-active chasquid`)) || 'not installed';
  const since = await text(ctx, sh`systemctl show -p ActiveEnterTimestamp --value chasquid`);
  const owners = parseListeners(await text(ctx, sh`ss -ltnpH`));
  const ports = [...owners].filter(([, names]) => names.some((n) => n === 'chasquid' || n === 'systemd')).map(([p]) => p).sort((a, b) => a - b);
  const queue = Number(await text(ctx, sh`find ${QUEUE_DIR} -maxdepth 1 -type f 2>/dev/null | wc -l`)) || 0;
  const status: ServerStatus = { active, since: since || undefined, ports, queue, nextRenewal: await nextRenewal(ctx) };
  const cert = await installedCertificate(ctx);
  if (cert.cert) {
    const validTo = new Date(cert.cert.validTo);
    status.certificate = {
      daysLeft: Math.floor((validTo.getTime() - now) / 86_400_000),
      validTo: validTo.toISOString().slice(0, 10),
      names: (cert.cert.subjectAltName ?? '').replace(/DNS:/g, ''),
    };
  }
  if (!cert.ok) status.certificateProblem = cert.reason;
  return status;
}

export function formatStatus(s: ServerStatus, paint: (sev: 'ok' | 'warn' | 'error', t: string) => string): string[] {
  const row = (label: string, value: string) => `${label.padEnd(12)} ${value}`;
  const lines = [
    row('chasquid', s.active === 'active' ? paint('ok', `active${s.since ? ` since ${s.since}` : ''}`) : paint('error', s.active)),
    row('listening', s.ports.length ? s.ports.join(', ') : paint('error', 'no SMTP port')),
  ];
  if (s.certificate) {
    const sev = s.certificate.daysLeft < 14 ? 'error' : s.certificate.daysLeft < 30 ? 'warn' : 'ok';
    lines.push(row('certificate', paint(sev, `${s.certificate.daysLeft} days left (until ${s.certificate.validTo}; ${s.certificate.names})`)));
  } else lines.push(row('certificate', paint('error', s.certificateProblem ?? 'none')));
  if (s.certificate && s.certificateProblem) lines.push(row('', paint('warn', s.certificateProblem)));
  lines.push(row('renewal', s.nextRenewal ?? paint('warn', 'not scheduled')));
  lines.push(row('queue', s.queue === 0 ? 'empty' : paint(s.queue > 20 ? 'warn' : 'ok', `${s.queue} message${s.queue === 1 ? '' : 's'} waiting`)));
  return lines;
}
