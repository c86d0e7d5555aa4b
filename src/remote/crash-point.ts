// Test-only: the crash-point sweep proves that a run cut off after any one
// remote command converges on the next run. MAILSETUP_CRASH_AFTER stops this
// process right after a remote command has returned: a number N is the Nth
// remote command of the connection; `match:TEXT` is the first command whose
// text (or file path, for a read) contains TEXT. MAILSETUP_CRASH_MODE=kill
// (default) is SIGKILL, as when a laptop dies (no clean-up, no state saved
// past that point); =cut drops the SSH connection instead, as when the
// network goes. Unset (every real run), nothing happens.

export type CrashMode = 'kill' | 'cut';

export interface CrashPoint {
  after?: number;
  match?: string;
  mode: CrashMode;
  fired?: boolean;
}

export function crashPointFromEnv(env: NodeJS.ProcessEnv = process.env): CrashPoint | null {
  const value = env.MAILSETUP_CRASH_AFTER ?? '';
  const mode: CrashMode = env.MAILSETUP_CRASH_MODE === 'cut' ? 'cut' : 'kill';
  if (value.startsWith('match:') && value.length > 'match:'.length) return { match: value.slice('match:'.length), mode };
  const after = Number(value);
  if (!value || !Number.isInteger(after) || after < 1) return null;
  return { after, mode };
}

/**
 * Called after each remote command with the running count (which a command
 * of the connection's own, a privilege probe, may have moved on by more
 * than one) and what the command was; `cut` drops the link.
 */
export function atCommandEnd(point: CrashPoint | null, count: number, what: string, cut: () => void): void {
  if (!point || point.fired) return;
  if (point.after !== undefined ? count < point.after : !what.includes(point.match!)) return;
  point.fired = true;
  process.stderr.write(`\nmailsetup: crash point reached after remote command ${count} (${point.mode})\n`);
  if (point.mode === 'kill') process.kill(process.pid, 'SIGKILL');
  else cut();
}
