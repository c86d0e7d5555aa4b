// Watching and disturbing processes on a lab VPS from outside mailsetup's
// own connection: wait until a step's work shows up in the process list,
// then cut exactly the SSH session that runs it.
import type { LabTarget } from '../../helpers/provision.js';
import { onVps } from '../../security/helpers/lab.js';

export interface VpsProcess {
  pid: number;
  ppid: number;
  args: string;
}

export async function vpsProcesses(target: LabTarget): Promise<VpsProcess[]> {
  const r = await onVps(target, 'ps -eo pid=,ppid=,args=');
  return r.stdout
    .split('\n')
    .map((l) => /^\s*(\d+)\s+(\d+)\s+(.*)$/.exec(l))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => ({ pid: Number(m[1]), ppid: Number(m[2]), args: m[3]! }));
}

/** Poll until a process whose command line matches appears; null after the deadline. */
/** `besides`: pids that do not count (processes an earlier run left running). */
export async function waitForVpsProcess(target: LabTarget, pattern: RegExp, timeoutMs: number, stop?: () => boolean, besides: number[] = []): Promise<VpsProcess | null> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline && !stop?.()) {
    const found = (await vpsProcesses(target)).find((p) => pattern.test(p.args) && !p.args.includes('ps -eo') && !besides.includes(p.pid));
    if (found) return found;
    await new Promise((r) => setTimeout(r, 150));
  }
  return null;
}

/**
 * Kill (SIGKILL) the sshd session processes above `pid`: the server side of
 * the one SSH connection that runs it. The listener and every other session
 * (ours included) stay.
 */
export async function cutSessionOf(target: LabTarget, pid: number): Promise<number[]> {
  const all = await vpsProcesses(target);
  const byPid = new Map(all.map((p) => [p.pid, p]));
  const session: number[] = [];
  for (let p = byPid.get(pid); p; p = byPid.get(p.ppid)) {
    if (/\[listener\]|^\/usr\/sbin\/sshd/.test(p.args)) break;
    if (/^sshd(-session)?: /.test(p.args)) session.push(p.pid);
  }
  if (session.length === 0) throw new Error(`no sshd session above pid ${pid}`);
  await onVps(target, `kill -KILL ${session.join(' ')}`);
  return session;
}

/**
 * Hold dpkg's frontend lock the way apt does (an fcntl lock; flock(1) takes a
 * different kind that apt never sees) until released. Returns the holder's pid.
 */
export async function holdDpkgLock(target: LabTarget): Promise<number> {
  const perl =
    'open(my $f, ">>", "/var/lib/dpkg/lock-frontend") or die; my $l = pack("ssx4qqix4", F_WRLCK, 0, 0, 0, 0); ' +
    'fcntl($f, F_SETLKW, $l) or die; open(my $o, ">", "/run/mailsetup-test-lock") or die; print $o "held\\n"; close $o; sleep 600';
  const r = await onVps(target, `rm -f /run/mailsetup-test-lock; setsid perl -MFcntl -e '${perl}' </dev/null >/dev/null 2>&1 & echo $!; while [ ! -e /run/mailsetup-test-lock ]; do sleep 0.1; done`);
  return Number(r.stdout.trim());
}

export async function releaseDpkgLock(target: LabTarget, pid: number): Promise<void> {
  await onVps(target, `kill ${pid}; rm -f /run/mailsetup-test-lock`);
}

/**
 * Kill every SSH session on the VPS except the one this command arrives on:
 * the server-side end of a link that drops (a provider's network blip).
 */
export async function cutOtherSessions(target: LabTarget): Promise<string> {
  const script = [
    'keep=""; p=$$',
    'while [ "$p" -gt 1 ]; do keep="$keep $p"; p=$(cut -d" " -f4 /proc/$p/stat); done',
    'for pid in $(pgrep -f "^sshd(-session)?: root@notty"); do',
    '  case " $keep " in *" $pid "*) ;; *) kill -KILL "$pid" && echo "$pid" ;; esac',
    'done',
  ].join('\n');
  return (await onVps(target, script)).stdout.trim();
}
