// How much memory a systemd service takes on the server, measured the one
// way mailsetup reports it everywhere: the spam filter (receiving screen,
// setup step, --check) and nginx serving the MTA-STS policy.
import { sh, type Raw } from '../remote/quote.js';
import type { Remote } from '../remote/types.js';

/**
 * Memory the unit's processes take, in MB: the sum of their proportional set
 * sizes (PSS), so pages the forked workers share are counted once. Read from
 * the unit's cgroup (v1 or v2). Undefined when the unit runs no process.
 */
export async function unitMemoryMb(remote: Remote, unit: string, timeoutMs?: number): Promise<number | undefined> {
  const res = await remote.exec(unitMemoryCommand(unit), { readOnly: true, allowFailure: true, timeoutMs });
  return memoryMbFrom(res.stdout);
}

/** The command behind unitMemoryMb, for a caller that sends it inside another (see spam-filter.ts). */
export function unitMemoryCommand(unit: string): Raw {
  return sh`cg=$(systemctl show -p ControlGroup --value ${unit} 2>/dev/null); [ -n "$cg" ] || exit 0
for d in /sys/fs/cgroup/systemd /sys/fs/cgroup/unified /sys/fs/cgroup; do
  if [ -r "$d$cg/cgroup.procs" ]; then for p in $(cat "$d$cg/cgroup.procs"); do cat /proc/$p/smaps_rollup 2>/dev/null; done; break; fi
done | awk '/^Pss:/{kb+=$2; n++} END{if (n) print int(kb/1024+0.5)}'`;
}

/** What unitMemoryCommand printed, in MB; the server's output, so only a plain number counts. */
export function memoryMbFrom(stdout: string): number | undefined {
  const mb = /^\d{1,7}$/.exec(stdout.trim());
  return mb ? Number(mb[0]) : undefined;
}
