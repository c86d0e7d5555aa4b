// `mailsetup watch on|off|status|now` on a terminal: on and off are changes
// (day2/watch-command.ts), shown and asked like the others; status and now
// only read, and run the checker, on the server.
import type { CliRequest } from '../args.js';
import { painter } from '../../day2/paint.js';
import { runWatchNow, watchOff, watchOn } from '../../day2/watch-command.js';
import { checkMailbox, checkWatchTime, checkWebhook, DEFAULT_WATCH_TIME, type WatchSettings } from '../../day2/watch-config.js';
import { formatWatch, watchStatus } from '../../day2/watch-status.js';
import { serverLine } from '../../remote/server-text.js';
import { resolveTarget } from '../../session/target.js';
import { changeOnTerminal, openTarget, stdoutLine } from './terminal-change.js';

const USAGE = 'mailsetup watch on [--at HH:MM] [--to MAILBOX | --webhook URL] [--weekly] | watch off | watch status | watch now';

/** The settings of `watch on`, refused here before connecting when wrong. */
export function watchSettings(request: CliRequest): WatchSettings {
  const given = request.day2?.watch ?? { weekly: false };
  if (given.to && given.webhook) throw new Error('--to and --webhook: the watch tells one of them; pick one');
  return {
    at: checkWatchTime(given.at ?? DEFAULT_WATCH_TIME),
    to: given.to === undefined ? undefined : checkMailbox(given.to),
    webhook: given.webhook === undefined ? undefined : checkWebhook(given.webhook),
    weekly: given.weekly,
  };
}

export async function watchMode(request: CliRequest, say: (line: string) => void = stdoutLine): Promise<number> {
  const words = request.day2?.words ?? [];
  if (words.length !== 1) throw new Error(`usage: ${USAGE}`);
  const [verb] = words;
  if (verb === 'on') {
    const settings = watchSettings(request);
    return changeOnTerminal(request, (session, target) => watchOn(session, settings, target.blocklists), say);
  }
  if (verb === 'off') return changeOnTerminal(request, (session) => watchOff(session), say);
  if (verb !== 'status' && verb !== 'now') throw new Error(`usage: ${USAGE}`);
  const paint = painter();
  const target = await resolveTarget(request);
  const session = await openTarget(request, target);
  try {
    if (verb === 'now') {
      const run = await runWatchNow(session.ctx);
      say(run.line ? serverLine(run.line) : paint('warn', 'the watch did not run: is it on? (mailsetup watch on)'));
    }
    const status = await watchStatus(session.ctx);
    for (const line of formatWatch(status, paint)) say(line);
    return status.enabled ? 0 : 1;
  } finally {
    await session.close();
  }
}
