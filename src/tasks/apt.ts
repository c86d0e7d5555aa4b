// Package installs from the distribution. A fresh VPS often runs
// unattended-upgrades in its first minutes; apt then waits for the dpkg lock
// (DPkg::Lock::Timeout) and we say why the step seems to stand still,
// instead of failing with "Could not get lock".
import { sh } from '../remote/quote.js';
import type { StepContext } from './types.js';
import type { Task } from './report.js';

const LOCK_WAIT_SECONDS = 600;

/** Packages of `wanted` that dpkg does not report as installed. */
export async function missingPackages(ctx: StepContext, wanted: string[]): Promise<string[]> {
  const res = await ctx.remote.exec(
    sh`for p in ${wanted}; do s=$(dpkg-query -W -f='\${Status}' "$p" 2>/dev/null); [ "$s" = "install ok installed" ] || echo "$p"; done`,
    { readOnly: true },
  );
  return res.stdout.split('\n').map((l) => l.trim()).filter(Boolean);
}

export async function aptInstall(ctx: StepContext, task: Task, packages: string[]): Promise<string[]> {
  const missing = await missingPackages(ctx, packages);
  if (missing.length === 0) return [];
  const onLine = (line: string) => {
    if (/lock/i.test(line) && /wait/i.test(line)) {
      task.output = 'another package manager holds the dpkg lock (on a fresh VPS: unattended-upgrades); waiting for it to finish';
    } else if (line.trim()) task.output = line;
  };
  const env = sh`export DEBIAN_FRONTEND=noninteractive NEEDRESTART_MODE=a;`;
  // Refresh the package lists only when they are missing or a day old: a
  // rerun must not hit the mirror for nothing.
  await ctx.remote.exec(
    sh`${env} if [ -z "$(find /var/lib/apt/lists -maxdepth 1 -name '*_Packages*' -mmin -1440 2>/dev/null | head -n1)" ]; then apt-get -o DPkg::Lock::Timeout=${LOCK_WAIT_SECONDS} update -q; fi`,
    { onLine, timeoutMs: (LOCK_WAIT_SECONDS + 300) * 1000 },
  );
  const install = sh`${env} apt-get -o DPkg::Lock::Timeout=${LOCK_WAIT_SECONDS} install -y -q --no-install-recommends ${missing}`;
  const options = { onLine, timeoutMs: (LOCK_WAIT_SECONDS + 600) * 1000 };
  const first = await ctx.remote.exec(install, { ...options, allowFailure: true });
  if (first.code !== 0) {
    // An earlier run killed halfway through an install leaves dpkg
    // "interrupted"; finishing its work is what apt itself asks for.
    if (!/dpkg was interrupted|dpkg --configure -a/.test(first.stdout + first.stderr)) {
      await ctx.remote.exec(install, options); // throws with apt's last lines
    } else {
      task.output = 'finishing an interrupted package install (dpkg --configure -a)';
      await ctx.remote.exec(sh`${env} dpkg --configure -a`, options);
      await ctx.remote.exec(install, options);
    }
  }
  return missing;
}
