// How much memory a systemd service takes on the server, measured the one
// way mailsetup reports it everywhere: the spam filter (receiving screen,
// setup step, --check) and nginx serving the MTA-STS policy.
import { raw, sh, type Raw } from '../remote/quote.js';
import type { Remote } from '../remote/types.js';
import { unitName } from './unit-states.js';

/**
 * Memory the unit's processes take, in MB: the sum of their proportional set
 * sizes (PSS), so pages the forked workers share are counted once. Read from
 * the unit's cgroup (v1 or v2). Undefined when the unit runs no process.
 */
export async function unitMemoryMb(remote: Remote, unit: string, timeoutMs?: number): Promise<number | undefined> {
  const res = await remote.exec(sh`cg=$(systemctl show -p ControlGroup --value ${unit} 2>/dev/null); ${CGROUP_PSS_MB}`, { readOnly: true, allowFailure: true, timeoutMs });
  return memoryMbFrom(res.stdout);
}

/**
 * Prints the MB of the cgroup in $cg (nothing when it has no process). Bash
 * builtins only: the processes' PSS lines read by `read`, summed by bash (a
 * cat per process and an awk cost the server more than the reading).
 */
const CGROUP_PSS_MB = raw(`[ -n "$cg" ] || exit 0
for d in /sys/fs/cgroup/systemd /sys/fs/cgroup/unified /sys/fs/cgroup; do
  [ -r "$d$cg/cgroup.procs" ] || continue
  kb=0 n=0
  while read -r p; do
    while read -r k v _; do
      if [ "$k" = Pss: ]; then kb=$((kb + v)) n=$((n + 1)); break; fi
    done 2>/dev/null <"/proc/$p/smaps_rollup"
  done <"$d$cg/cgroup.procs"
  [ "$n" -eq 0 ] || echo $(((kb + 512) / 1024))
  break
done`);

/**
 * Where systemd puts a system service's processes unless its unit names
 * another slice: --check measures there without asking systemctl first (one
 * process fewer), and trusts the figure only when the unit's ControlGroup
 * (read with its state) is this path.
 */
export const defaultCgroup = (unit: string): string => `/system.slice/${unitName(unit)}`;

/** Prints the MB of the unit's processes in defaultCgroup (read it with memoryMbFrom). Needs bash. */
export const memoryInDefaultCgroup = (unit: string): Raw => sh`cg=${defaultCgroup(unit)}; ${CGROUP_PSS_MB}`;

/** What the memory measurement printed, in MB; the server's output, so only a plain number counts. */
export function memoryMbFrom(stdout: string): number | undefined {
  const mb = /^\d{1,7}$/.exec(stdout.trim());
  return mb ? Number(mb[0]) : undefined;
}
