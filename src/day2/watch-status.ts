// What `mailsetup watch status` and `mailsetup logs` say about the watch:
// whether its timer is on and when it runs next, the checker's last runs
// (one line each, from its history on the server) and the problems of the
// last one. Everything read here is server text and is shown through
// server-text (the check results are made by checks/result.ts, which does it).
import { lastWatchResults } from '../checks/watch.js';
import type { CheckResult } from '../checks/types.js';
import { serverLine } from '../remote/server-text.js';
import { sh } from '../remote/quote.js';
import { WATCH_TIMER, watchFiles } from '../server/paths.js';
import type { StepContext } from '../tasks/types.js';
import type { Tone } from './paint.js';

export interface WatchStatus {
  enabled: boolean;
  next?: string;
  /** The last runs, oldest first. */
  history: string[];
  problems: CheckResult[];
}

export async function watchStatus(ctx: StepContext, runs = 5): Promise<WatchStatus> {
  const res = await ctx.remote.exec(
    sh`systemctl is-enabled ${WATCH_TIMER} 2>/dev/null; systemctl show -p NextElapseUSecRealtime --value ${WATCH_TIMER} 2>/dev/null; echo; tail -n ${runs} ${`${watchFiles.stateDir}/history`} 2>/dev/null`,
    { readOnly: true, allowFailure: true },
  );
  const [enabled = '', next = '', , ...history] = res.stdout.split('\n');
  return {
    enabled: enabled.trim() === 'enabled',
    next: next.trim() && next.trim() !== 'n/a' ? next.trim() : undefined,
    history: history.map((l) => serverLine(l)).filter((l) => l.trim()),
    problems: (await lastWatchResults(ctx.remote)).filter((r) => r.status === 'warn' || r.status === 'fail'),
  };
}

export function formatWatch(s: WatchStatus, paint: (tone: Tone, text: string) => string): string[] {
  const row = (label: string, value: string) => `${label.padEnd(12)} ${value}`;
  if (!s.enabled && !s.history.length) return [row('watch', paint('dim', 'off (mailsetup watch on: a daily check that tells you when something changes)'))];
  const lines = [row('watch', s.enabled ? paint('ok', `on${s.next ? `, next run ${s.next}` : ''}`) : paint('warn', 'timer not enabled: mailsetup watch on'))];
  for (const run of s.history) lines.push(row('', paint(/ ok \(/.test(run) ? 'dim' : 'warn', run)));
  for (const p of s.problems) lines.push(row('', paint(p.status === 'fail' ? 'error' : 'warn', `${p.status === 'fail' ? '✗' : '!'} ${p.title}${p.details ? `: ${p.details}` : ''}`)));
  return lines;
}
