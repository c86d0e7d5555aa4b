// `mailsetup watch`: its timer is installed and enabled, its last result
// (the JSON the checker keeps on the server, hostile input like all server
// output: only well-formed results are taken, every text through
// server-text), and, after `watch off`, that nothing of it is left.
import { sh } from '../remote/quote.js';
import type { Remote } from '../remote/types.js';
import { WATCH_SENDER, WATCH_TIMER, watchFiles, usersFile } from '../server/paths.js';
import { parseUsers } from '../server/userdb.js';
import { results } from './result.js';
import type { CheckResult, CheckStatus } from './types.js';

const r = results('Watch');
const STATUSES: readonly CheckStatus[] = ['ok', 'warn', 'fail', 'skip'];

export async function checkWatchTimer(remote: Remote): Promise<CheckResult> {
  const res = await remote.exec(sh`systemctl is-enabled ${WATCH_TIMER}; systemctl is-active ${WATCH_TIMER}`, { readOnly: true, allowFailure: true });
  const [enabled, active] = res.stdout.trim().split('\n');
  const title = `The daily watch is scheduled (${WATCH_TIMER})`;
  if (enabled === 'enabled' && active === 'active') return r.ok('watch.timer', title, 'enabled and active');
  return r.fail('watch.timer', title, `${WATCH_TIMER} is ${enabled || 'not installed'}, ${active || 'inactive'}`, 'Run mailsetup watch on.');
}

/** The checker's last result as check results; empty when it has not run yet. */
export async function lastWatchResults(remote: Remote): Promise<CheckResult[]> {
  const text = (await remote.readFile(`${watchFiles.stateDir}/last.json`))?.toString('utf8');
  if (!text) return [];
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    return [r.fail('watch.result', 'The watch\'s last result', 'last.json is not JSON', 'Run mailsetup watch now.')];
  }
  const rows = (doc as { results?: unknown }).results;
  if (!Array.isArray(rows)) return [];
  const out: CheckResult[] = [];
  for (const row of rows as Record<string, unknown>[]) {
    const { id, area, title, status, details, fix } = row ?? {};
    if (typeof id !== 'string' || typeof title !== 'string' || !STATUSES.includes(status as CheckStatus)) continue;
    const made = results(typeof area === 'string' ? area : 'Watch')[status as CheckStatus](id, title, typeof details === 'string' ? details : '', typeof fix === 'string' ? fix : '');
    out.push(made);
  }
  return out;
}

/** After `watch off`: no unit, file, state or sender of the watch is left on the server. */
export async function checkWatchGone(remote: Remote, domain: string): Promise<CheckResult> {
  const paths = Object.values(watchFiles);
  const res = await remote.exec(sh`for f in ${paths}; do [ -e "$f" ] && echo "$f"; done; systemctl list-unit-files ${'mailsetup-watch.*'} --no-legend 2>/dev/null`, { readOnly: true, allowFailure: true });
  const users = (await remote.readFile(usersFile(domain)))?.toString('utf8') ?? '';
  const left = [...res.stdout.split('\n').map((l) => l.trim().split(/\s+/)[0]!).filter(Boolean), ...(parseUsers(users).some((u) => u.name === WATCH_SENDER) ? [`the sender ${WATCH_SENDER}@${domain}`] : [])];
  const title = 'Nothing of the watch is left on the server';
  return left.length ? r.fail('watch.removed', title, `still there: ${left.join(', ')}`, 'Run mailsetup watch off again.') : r.ok('watch.removed', title, 'units, files, state and sender removed');
}
