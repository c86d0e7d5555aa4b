// chasquid itself, seen from the server: running, started at boot, listening
// on the three ports, named and restarted as mailsetup left it; and the
// certificate's renewal scheduled (docs/guide-steps.md, steps 4, 5 and 7),
// since an expired certificate is the slow way a mail host dies. The one
// place these are checked: --check, the steps' verify and day two call here.
import { sh } from '../remote/quote.js';
import type { Remote } from '../remote/types.js';
import { getConfValues } from '../server/conf.js';
import type { ServerContext } from '../server/context.js';
import { CHASQUID_CONF, RENEW_SERVICE } from '../server/paths.js';
import { pendingRestart } from '../server/service.js';
import { readUnitStates, unitState, type UnitStates } from '../server/unit-states.js';
import type { CheckContext, SmtpPorts } from './context.js';
import { probesInOne, type ProbeOutput } from './probes-in-one.js';
import { STANDARD_PORTS } from './context.js';
import { describeError, results } from './result.js';
import type { CheckResult } from './types.js';

const r = results('Service');

type Ctx = Pick<CheckContext, 'remote' | 'noRemoteReason' | 'timeoutMs' | 'unitStates'> & { ports?: SmtpPorts };

/**
 * The units the family reads: chasquid, and the timers that may renew the
 * certificate. The pattern shows only active timers; mailsetup's and
 * certbot's are named so that a stopped one is seen too.
 */
export const SERVICE_UNITS = ['chasquid', RENEW_SERVICE.replace(/\.service$/, '.timer'), 'certbot.timer', '*.timer'] as const;

/** A step's verify and a day-two change give no timeout: the same as their other checks'. */
const DEFAULT_TIMEOUT_MS = 8000;

const run = (remote: Remote, cmd: ReturnType<typeof sh>, timeoutMs: number) =>
  remote.exec(cmd, { allowFailure: true, readOnly: true, timeoutMs });

export async function checkService(ctx: Ctx): Promise<CheckResult[]> {
  const { remote } = ctx;
  if (!remote) {
    const why = ctx.noRemoteReason ?? 'no SSH access';
    return ['service.active', 'service.enabled', 'service.listening', 'service.renewal']
      .map((id) => r.skip(id, TITLES[id]!, why));
  }
  // The units (one `systemctl show`, shared with the other families in --check)
  // and the other probes in one command (probes-in-one.ts): all quick, all read-only.
  let states: UnitStates;
  let out: ProbeOutput[];
  try {
    [states, out] = await Promise.all([ctx.unitStates?.() ?? readUnitStates(remote, SERVICE_UNITS, ctx.timeoutMs),
      probesInOne(remote, [LISTENERS, CRONTABS], ctx.timeoutMs)]);
  } catch (err) {
    const fix = 'Check SSH access, then run the check again.';
    return ['service.active', 'service.enabled', 'service.listening', 'service.renewal'].map((id) => r.fail(id, TITLES[id]!, describeError(err), fix));
  }
  const [ss, cron] = out.map((o) => o.stdout.trim()) as [string, string];
  // `systemctl show` says what is-active and is-enabled would (the same properties).
  const chasquid = unitState(states, 'chasquid');
  return [runningResult(chasquid.get('ActiveState') ?? ''), enabledResult(chasquid.get('UnitFileState') ?? ''),
    await listeningResult(remote, ss, ctx.ports ?? STANDARD_PORTS, ctx.timeoutMs), renewalResult(cron, states)];
}
const IS_ACTIVE = sh`systemctl is-active chasquid`;
const LISTENERS = sh`ss -ltnpH`;
const SOCKET_UNITS = sh`systemctl list-unit-files --no-legend --type=socket 'chasquid*' 2>/dev/null`;

/** The one "chasquid is running" check: --check, a step's verify and every day-two change end with it. */
export async function checkRunning(remote: Remote, timeoutMs = DEFAULT_TIMEOUT_MS): Promise<CheckResult> {
  try {
    return runningResult((await run(remote, IS_ACTIVE, timeoutMs)).stdout.trim());
  } catch (err) {
    return r.fail('service.active', TITLES['service.active']!, describeError(err), RUNNING_FIX);
  }
}

const RUNNING_FIX = 'systemctl start chasquid; if it stops again, `mailsetup logs` or journalctl -xeu chasquid says why';

function runningResult(state: string): CheckResult {
  const title = TITLES['service.active']!;
  return state === 'active' ? r.ok('service.active', title, 'active (running)') : r.fail('service.active', title, `chasquid is ${state || 'not installed'}`, RUNNING_FIX);
}

/** chasquid cannot run yet (no certificate before the certificate step): the same check, skipped with the reason. */
export const runningSkipped = (reason: string): CheckResult => r.skip('service.active', TITLES['service.active']!, reason);

function enabledResult(state: string): CheckResult {
  const title = TITLES['service.enabled']!;
  return state === 'enabled' || state === 'static'
    ? r.ok('service.enabled', title, state)
    : r.fail('service.enabled', title, `chasquid is ${state || 'not installed'} at boot`, 'systemctl enable chasquid');
}

/** The SMTP ports have listeners, and they are chasquid's (or systemd's, for its socket units). */
export async function checkListening(remote: Remote, ports: SmtpPorts = STANDARD_PORTS, timeoutMs = DEFAULT_TIMEOUT_MS): Promise<CheckResult> {
  let ss;
  try {
    ss = await run(remote, LISTENERS, timeoutMs);
  } catch (err) {
    return r.fail('service.listening', TITLES['service.listening']!, describeError(err), 'Check that `ss` (iproute2) is installed on the server.');
  }
  return listeningResult(remote, ss.stdout.trim(), ports, timeoutMs);
}

/** chasquid.conf names the server by its reverse-DNS name (mailsetup writes it; a day-two name change moves it). */
export async function checkChasquidHostname(remote: Remote, hostname: string): Promise<CheckResult> {
  const conf = (await remote.readFile(CHASQUID_CONF))?.toString('utf8') ?? '';
  const host = getConfValues(conf, 'hostname')[0];
  return host === hostname
    ? r.ok('service.chasquid.hostname', `chasquid's hostname is ${host}`)
    : r.fail('service.chasquid.hostname', "chasquid's hostname", `is ${host ?? 'unset'}`, `set hostname: "${hostname}" in ${CHASQUID_CONF} (mailsetup does this when run again)`);
}

/** No change mailsetup made waits for a restart: chasquid runs with the current keys, senders and aliases. */
export async function checkRestartApplied(ctx: ServerContext): Promise<CheckResult> {
  const reasons = await pendingRestart(ctx);
  const title = 'chasquid runs with the current keys, senders and aliases';
  return reasons.length === 0
    ? r.ok('service.chasquid.current', title)
    : r.fail('service.chasquid.current', title, `a restart waits for ${reasons.join(', ')}`, 'run mailsetup again (it restarts chasquid once for all of them)');
}

const TITLES: Record<string, string> = {
  'service.active': 'chasquid is running',
  'service.enabled': 'chasquid starts at boot',
  'service.listening': 'chasquid listens on the SMTP ports',
  'service.renewal': 'Certificate renewal is scheduled',
};

/** Ports with a listening socket, and which process owns each (from `ss -ltnpH`). */
export function parseListeners(ssOutput: string): Map<number, string[]> {
  const owners = new Map<number, string[]>();
  for (const line of ssOutput.split('\n')) {
    const cols = line.trim().split(/\s+/);
    if (cols.length < 4 || cols[0] !== 'LISTEN') continue;
    const port = Number(cols[3]!.slice(cols[3]!.lastIndexOf(':') + 1));
    // The server's output: a line that names no port is not a listener.
    if (!Number.isInteger(port) || port < 1 || port > 65535) continue;
    const names = [...line.matchAll(/\("([^"]+)",pid=/g)].map((m) => m[1]!);
    owners.set(port, [...new Set([...(owners.get(port) ?? []), ...names])]);
  }
  return owners;
}

/** chasquid's socket units (Debian's and Ubuntu's package), from `systemctl list-unit-files`. */
const socketUnits = (listing: string): string[] =>
  listing.split('\n').map((l) => l.trim().split(/\s+/)[0]!).filter((u) => u.endsWith('.socket'));

async function listeningResult(remote: Remote, ssOutput: string, ports: SmtpPorts, timeoutMs: number): Promise<CheckResult> {
  const owners = parseListeners(ssOutput);
  const wanted = Object.values(ports);
  const missing = wanted.filter((p) => !owners.has(p));
  // systemd owns the socket when chasquid is socket-activated.
  const foreign = wanted.filter((p) => owners.has(p) && !owners.get(p)!.some((n) => n === 'chasquid' || n === 'systemd'));
  const title = TITLES['service.listening']!;
  if (missing.length > 0) {
    // chasquid's socket units name the fix; asked for only now (listing unit files costs the server more than any other probe here).
    const listing = await run(remote, SOCKET_UNITS, timeoutMs).then((l) => l.stdout.trim(), () => '');
    const sockets = socketUnits(listing);
    // Socket-activated, systemd holds the ports: addresses set in chasquid.conf would collide with its sockets.
    return r.fail('service.listening', title, `nothing listens on ${missing.join(', ')}`, sockets.length > 0
      ? `chasquid gets its ports from systemd here: check ListenStream= in ${sockets.join(', ')} (systemctl cat), then systemctl restart ${sockets.join(' ')} chasquid.`
      : `Set smtp_address ":25", submission_address ":587", submission_over_tls_address ":465" in /etc/chasquid/chasquid.conf and restart chasquid.`);
  }
  if (foreign.length > 0) {
    const who = foreign.map((p) => `${p}: ${owners.get(p)!.join(',') || 'unknown'}`).join('; ');
    return r.fail('service.listening', title, `another program holds ${who}`,
      'Stop and disable that program (often postfix or exim4), then restart chasquid.');
  }
  return r.ok('service.listening', title, `listening on ${wanted.join(', ')}`);
}

// Root's and every user's crontab plus the system ones: acme.sh (the guide)
// installs a cron line, lego/certbot setups a cron line or a timer (read
// with the units). Read by bash builtins, not a cat (one process fewer);
// comments are left out here, not by a grep on the server.
const CRONTABS = sh`for f in /etc/crontab /etc/cron.d/* /var/spool/cron/crontabs/*; do
  [ -f "$f" ] && [ -r "$f" ] || continue
  text=; IFS= read -r -d '' text <"$f"; printf '%s\n' "$text"
done`;

// mailsetup's own timer (src/tasks/certificate.ts), the guide's acme.sh, and the usual other ACME clients.
const RENEWER = /mailsetup-certificate|acme\.sh|lego|certbot|dehydrated|cert-?renew/i;

// A timer's name as systemd allows it: a name the server gives goes into a
// fix the user may paste, so anything else is not taken for a timer.
const TIMER_NAME = /^[A-Za-z0-9@._:\\-]{1,200}\.timer$/;

/** The verdict from the crontabs' text and the units' states: a cron line, or an active timer, that renews. */
export function renewalResult(cron: string, units: UnitStates): CheckResult {
  const title = TITLES['service.renewal']!;
  const cronLine = cron.split('\n').find((l) => !/^\s*#/.test(l) && RENEWER.test(l));
  if (cronLine) return r.ok('service.renewal', title, `cron: ${cronLine.trim()}`);
  const timers = [...units.values()].filter((u) => TIMER_NAME.test(u.get('Id') ?? '') && u.get('LoadState') === 'loaded'
    && (RENEWER.test(u.get('Id')!) || RENEWER.test(u.get('Unit') ?? '')));
  const active = timers.find((u) => u.get('ActiveState') === 'active');
  if (active) return r.ok('service.renewal', title, `timer: ${active.get('Id')} ${active.get('Unit') ?? ''}`.trim());
  if (timers.length > 0) {
    const name = timers[0]!.get('Id')!;
    return r.fail('service.renewal', title, `the renewal timer is not active: ${name}`, `systemctl enable --now ${name}`);
  }
  return r.fail('service.renewal', title, 'no cron line or systemd timer renews the certificate',
    'Run mailsetup again to schedule renewal, or add a daily cron line for your ACME client (acme.sh --cron, lego renew, certbot renew).');
}
