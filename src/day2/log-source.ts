// Where chasquid's log lives on this host: the systemd journal on any
// current Debian/Ubuntu, else the syslog files rsyslog writes. The command
// that prints (or follows) it is built here, every value through `sh`.
import { raw, sh, type Raw } from '../remote/quote.js';
import type { Remote } from '../remote/types.js';

export type LogSource = { kind: 'journal' } | { kind: 'file'; path: string };

export const describeSource = (s: LogSource): string => (s.kind === 'journal' ? 'journal (journalctl -u chasquid)' : s.path);

const PROBE = raw(
  [
    'if command -v journalctl >/dev/null 2>&1 && [ -n "$(journalctl -u chasquid -n 1 -q --no-pager 2>/dev/null)" ]; then echo journal',
    'elif [ -r /var/log/mail.log ]; then echo /var/log/mail.log',
    'elif [ -r /var/log/syslog ]; then echo /var/log/syslog',
    'elif command -v journalctl >/dev/null 2>&1; then echo journal',
    'else echo none; fi',
  ].join('; '),
);

export async function findLogSource(remote: Remote): Promise<LogSource> {
  const res = await remote.exec(PROBE, { readOnly: true, allowFailure: true });
  const said = res.stdout.trim();
  if (said === 'journal') return { kind: 'journal' };
  if (said.startsWith('/')) return { kind: 'file', path: said };
  throw new Error('this server has neither a systemd journal nor /var/log/mail.log or /var/log/syslog: where does it log? (look at `systemctl status chasquid`)');
}

/**
 * `--since 1h` (also 30m, 2d, 1w, 45s) as journalctl's relative time, or an
 * ISO date/time passed through. Anything else is refused with an example.
 */
export function sinceArg(value: string): string {
  const rel = /^(\d+)\s*(s|m|min|h|d|w)$/.exec(value.trim());
  if (rel) return `-${rel[1]}${rel[2] === 'm' ? 'min' : rel[2]}`;
  if (/^\d{4}-\d\d-\d\d(?:[ T]\d\d:\d\d(?::\d\d)?)?$/.test(value.trim()) || /^(today|yesterday)$/.test(value)) return value.trim().replace('T', ' ');
  throw new Error(`--since ${value}: write a span such as 30m, 1h, 2d or a time such as "2025-01-31 14:00"`);
}

export interface LogQuery {
  follow: boolean;
  since?: string;
  lines: number;
}

/** The command that prints the log (and keeps printing with follow). */
export function logCommand(source: LogSource, q: LogQuery): Raw {
  if (source.kind === 'journal') {
    const range = q.since ? sh`--since ${sinceArg(q.since)}` : sh`-n ${q.lines}`;
    return sh`journalctl -u chasquid --no-pager -o short-iso ${range}${raw(q.follow ? ' -f' : '')}`;
  }
  // A syslog file holds other programs too: the caller keeps chasquid's lines.
  return sh`tail -n ${q.lines * 20}${raw(q.follow ? ' -F' : '')} ${source.path}`;
}

/** Only chasquid's lines from a shared syslog file. */
export const isChasquidLine = (source: LogSource, line: string): boolean => source.kind === 'journal' || /\bchasquid(\[\d+\])?:/.test(line);
