// Package installs from the distribution. A fresh VPS often runs
// unattended-upgrades in its first minutes; apt then waits for the dpkg lock
// (DPkg::Lock::Timeout, see apt-lock.ts) and we say why the step seems to
// stand still; past the limit the step stops with who holds the lock.
import { sh } from '../remote/quote.js';
import { RemoteCommandError } from '../remote/types.js';
import { AptLockError, isLockLine, lockHolder, lockTimedOut, lockWaitSeconds, waitingMessage } from './apt-lock.js';
import type { StepContext } from './types.js';
import type { Task } from './report.js';

/** The exit code of the install command when its `apt-get update` failed (apt itself exits 100). */
const UPDATE_FAILED = 97;

const lastLines = (text: string) => text.split('\n').filter((l) => l.trim()).slice(-20);

/** Packages of `wanted` that dpkg does not report as installed. */
export async function missingPackages(ctx: StepContext, wanted: string[]): Promise<string[]> {
  const res = await ctx.remote.exec(
    sh`for p in ${wanted}; do s=$(dpkg-query -W -f='\${Status}' "$p" 2>/dev/null); [ "$s" = "install ok installed" ] || echo "$p"; done`,
    { readOnly: true },
  );
  return res.stdout.split('\n').map((l) => l.trim()).filter(Boolean);
}

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

async function install(ctx: StepContext, task: Task, packages: string[], whileInstalling?: () => void): Promise<string[]> {
  const missing = await missingPackages(ctx, packages);
  if (missing.length === 0) return [];
  whileInstalling?.();
  const wait = lockWaitSeconds();
  const onLine = (line: string) => {
    if (isLockLine(line)) task.output = waitingMessage(line, wait);
    else if (line.trim()) task.output = line;
  };
  const env = sh`export DEBIAN_FRONTEND=noninteractive NEEDRESTART_MODE=a;`;
  // A configuration file already on the server (written by mailsetup
  // before a cut-off install finished, or by hand) is kept: dpkg would
  // otherwise ask about it, and with no one to answer fail on every rerun.
  // The steps after the install write the lines mailsetup manages anyway.
  const keepConf = sh`-o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold`;
  const install = sh`${env} apt-get -o DPkg::Lock::Timeout=${wait} ${keepConf} install -y -q --no-install-recommends ${missing}`;
  // The package lists are refreshed first, in the same command, only when
  // missing or a day old (a rerun must not hit the mirror for nothing); a
  // failed update stops there with an exit code of its own.
  const refresh = sh`if [ -z "$(find /var/lib/apt/lists -maxdepth 1 -name '*_Packages*' -mmin -1440 2>/dev/null | head -n1)" ]; then apt-get -o DPkg::Lock::Timeout=${wait} update -q || exit ${UPDATE_FAILED}; fi;`;
  const options = { onLine, timeoutMs: (wait + 900) * 1000 };
  const first = await ctx.remote.exec(sh`${env} ${refresh} ${install}`, { ...options, allowFailure: true });
  const firstOutput = first.stdout + first.stderr;
  // apt gave up waiting: nothing was unpacked; trying again would wait as long once more.
  if (first.code !== 0 && lockTimedOut(firstOutput)) throw new AptLockError(lockHolder(firstOutput), wait);
  if (first.code === UPDATE_FAILED) throw new RemoteCommandError('apt-get update', first.code, lastLines(firstOutput));
  if (first.code !== 0) {
    // An earlier run killed halfway through an install leaves dpkg
    // "interrupted"; finishing its work is what apt itself asks for.
    if (!/dpkg was interrupted|dpkg --configure -a/.test(firstOutput)) {
      await ctx.remote.exec(install, options); // throws with apt's last lines
    } else {
      task.output = 'finishing an interrupted package install (dpkg --configure -a)';
      await ctx.remote.exec(sh`${env} dpkg --force-confdef --force-confold --configure -a`, options);
      await ctx.remote.exec(install, options);
    }
  }
  return missing;
}
