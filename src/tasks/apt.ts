// Package installs from the distribution. A fresh VPS often runs
// unattended-upgrades in its first minutes; apt then waits for the dpkg lock
// (DPkg::Lock::Timeout, see apt-lock.ts) and we say why the step seems to
// stand still; past the limit the step stops with who holds the lock.
import { raw, sh, type Raw } from '../remote/quote.js';
import { RemoteCommandError } from '../remote/types.js';
import { AptLockError, isLockLine, lockHolder, lockTimedOut, lockWaitSeconds, waitingMessage } from './apt-lock.js';
import type { StepContext } from './types.js';
import type { Task } from './report.js';

/** The exit code of the install command when its `apt-get update` failed (apt itself exits 100). */
const UPDATE_FAILED = 97;

const lastLines = (text: string) => text.split('\n').filter((l) => l.trim()).slice(-20);

/** Packages of `wanted` that dpkg does not report as installed. */
export async function missingPackages(ctx: StepContext, wanted: string[]): Promise<string[]> {
  const res = await ctx.remote.exec(missingCommand(wanted), { readOnly: true });
  return res.stdout.split('\n').map((l) => l.trim()).filter(Boolean);
}

/** Prints each package of `wanted` that dpkg does not report as installed, one per line. */
const missingCommand = (wanted: string[]): Raw =>
  sh`for p in ${wanted}; do s=$(dpkg-query -W -f='\${Status}' "$p" 2>/dev/null); [ "$s" = "install ok installed" ] || echo "$p"; done`;

/**
 * The apt run going on over a connection, if any. Steps run side by side,
 * and two apt-get at once would only queue on the dpkg lock (showing the
 * "waiting for the package lock" message meant for unattended-upgrades):
 * each install waits here for the one before it instead.
 */
const aptTurn = new WeakMap<object, Promise<unknown>>();

/** `whileInstalling` is started once apt has work to do: local work that may overlap the seconds apt takes on the server. */
export function aptInstall(ctx: StepContext, task: Task, packages: string[], whileInstalling?: () => void): Promise<string[]> {
  const before = aptTurn.get(ctx.remote) ?? Promise.resolve();
  const mine = before.then(() => install(ctx, task, packages, whileInstalling));
  aptTurn.set(ctx.remote, mine.catch(() => undefined));
  return mine;
}

/** The line the install command starts with: the packages it found missing (none: it stops there). */
const MISSING_MARK = 'mailsetup-apt-missing:';

async function install(ctx: StepContext, task: Task, packages: string[], whileInstalling?: () => void): Promise<string[]> {
  const wait = lockWaitSeconds();
  const env = sh`export DEBIAN_FRONTEND=noninteractive NEEDRESTART_MODE=a;`;
  // A configuration file already on the server (written by mailsetup
  // before a cut-off install finished, or by hand) is kept: dpkg would
  // otherwise ask about it, and with no one to answer fail on every rerun.
  // The steps after the install write the lines mailsetup manages anyway.
  const keepConf = sh`-o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold`;
  const installOf = (names: Raw) => sh`${env} apt-get -o DPkg::Lock::Timeout=${wait} ${keepConf} install -y -q --no-install-recommends ${names}`;
  // The package lists are refreshed first, in the same command, only when
  // missing or a day old (a rerun must not hit the mirror for nothing); a
  // failed update stops there with an exit code of its own.
  const refresh = sh`if [ -z "$(find /var/lib/apt/lists -maxdepth 1 -name '*_Packages*' -mmin -1440 2>/dev/null | head -n1)" ]; then apt-get -o DPkg::Lock::Timeout=${wait} update -q || exit ${UPDATE_FAILED}; fi;`;
  let missing: string[] = [];
  let looked = false;
  const onLine = (line: string) => {
    if (line.startsWith(MISSING_MARK)) {
      looked = true;
      // The server's word, checked against what was asked for.
      missing = line.slice(MISSING_MARK.length).trim().split(/\s+/).filter((p) => packages.includes(p));
      if (missing.length) whileInstalling?.();
    } else if (isLockLine(line)) task.output = waitingMessage(line, wait);
    else if (line.trim()) task.output = line;
  };
  const options = { onLine, timeoutMs: (wait + 900) * 1000 };
  if (ctx.dryRun) {
    // A dry run asks what is missing and lists the install it would run.
    missing = await missingPackages(ctx, packages);
    if (missing.length) await ctx.remote.exec(sh`${env} ${refresh} ${installOf(sh`${missing}`)}`, options);
    return missing;
  }
  // What is missing, and its install, in one command: dpkg is asked on the
  // server and only the missing packages go to apt-get.
  const look = sh`missing=$(${missingCommand(packages)}); echo ${MISSING_MARK} $missing; [ -n "$missing" ] || exit 0;`;
  const first = await ctx.remote.exec(sh`${look} ${env} ${refresh} ${installOf(raw('$missing'))}`, { ...options, allowFailure: true });
  if (first.code === 0) return missing;
  const firstOutput = first.stdout + first.stderr;
  if (!looked) throw new RemoteCommandError('dpkg-query', first.code, lastLines(firstOutput));
  const install = installOf(sh`${missing}`);
  // apt gave up waiting: nothing was unpacked; trying again would wait as long once more.
  if (lockTimedOut(firstOutput)) throw new AptLockError(lockHolder(firstOutput), wait);
  if (first.code === UPDATE_FAILED) throw new RemoteCommandError('apt-get update', first.code, lastLines(firstOutput));
  // An earlier run killed halfway through an install leaves dpkg
  // "interrupted"; finishing its work is what apt itself asks for.
  if (/dpkg was interrupted|dpkg --configure -a/.test(firstOutput)) {
    task.output = 'finishing an interrupted package install (dpkg --configure -a)';
    await ctx.remote.exec(sh`${env} dpkg --force-confdef --force-confold --configure -a`, options);
  }
  await ctx.remote.exec(install, options); // throws with apt's last lines
  return missing;
}
