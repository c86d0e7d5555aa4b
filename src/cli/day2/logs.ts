// `mailsetup logs [--follow] [--since 1h] [--lines N]`: the status summary,
// then chasquid's log over the one SSH connection, trouble explained line
// by line. Ctrl+C closes the connection; the heartbeat (log-follow.ts) makes
// the server's side stop within a second.
import type { CliRequest } from '../args.js';
import { classifyLine } from '../../day2/log-classify.js';
import { withHeartbeat } from '../../day2/log-follow.js';
import { formatLogLine } from '../../day2/log-format.js';
import { describeSource, findLogSource, isChasquidLine, logCommand, sinceArg } from '../../day2/log-source.js';
import { painter } from '../../day2/paint.js';
import { formatStatus, serverStatus } from '../../day2/status.js';
import { formatWatch, watchStatus } from '../../day2/watch-status.js';
import { resolveTarget } from '../../session/target.js';
import { openTarget } from './terminal-change.js';

export const DEFAULT_LINES = 50;

export async function logsMode(request: CliRequest, write: (text: string) => void = (t) => process.stdout.write(t)): Promise<number> {
  const opts = request.day2 ?? { words: [], follow: false, generate: false };
  if (opts.words.length) throw new Error(`mailsetup logs takes no words ("${opts.words[0]}"): try \`mailsetup logs --follow --since 1h\``);
  if (opts.since) sinceArg(opts.since); // refuse a bad --since before connecting
  const paint = painter();
  const say = (line: string) => write(`${line}\n`);
  const target = await resolveTarget(request);
  const session = await openTarget(request, target);
  try {
    say(paint('dim', `${target.answers.hostname} (${session.remote.target})`));
    for (const line of formatStatus(await serverStatus(session.ctx), paint)) say(line);
    for (const line of formatWatch(await watchStatus(session.ctx), paint)) say(line);
    const source = await findLogSource(session.remote);
    say(paint('dim', `log          ${describeSource(source)}${opts.follow ? ' — following; Ctrl+C stops' : ''}`));
    if (source.kind === 'file' && opts.since) say(paint('warn', `--since needs the journal; ${source.path} is shown from its last lines`));
    say('');
    const command = logCommand(source, { follow: opts.follow, since: opts.since, lines: opts.lines ?? DEFAULT_LINES });
    const onLine = (line: string) => {
      if (!line.trim() || !isChasquidLine(source, line)) return;
      say(formatLogLine(line, classifyLine(line), paint));
    };
    if (!opts.follow) {
      await session.remote.exec(command, { readOnly: true, allowFailure: true, onLine });
      return 0;
    }
    let stop!: () => void;
    const stopped = new Promise<void>((resolve) => (stop = resolve));
    const onSignal = () => stop();
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);
    try {
      const following = session.remote.exec(withHeartbeat(command), { readOnly: true, allowFailure: true, onLine });
      const ended = await Promise.race([following.then(() => 'ended' as const), stopped.then(() => 'stopped' as const)]);
      if (ended === 'ended') {
        say(paint('warn', 'the log stream ended on the server side'));
        return 1;
      }
      // Closing the connection is what stops the server's side (see log-follow.ts).
      await session.close();
      await following.catch(() => undefined);
      say(paint('dim', 'stopped following'));
      return 0;
    } finally {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    }
  } finally {
    await session.close();
  }
}
