// Following a log over SSH without leaving anything behind. The SSH engine
// closes a command's stdin at once, and a command without a terminal gets
// no hangup when the connection goes away: `journalctl -f` would keep
// running on the server until its next line failed to write. So the
// follower runs beside a heartbeat: every second an empty line is written;
// once the connection is gone that write fails, and the shell's exit trap
// stops the follower. The caller drops the empty lines.
import { raw, type Raw } from '../remote/quote.js';

export const HEARTBEAT_SECONDS = 1;

export function withHeartbeat(follower: Raw): Raw {
  return raw(
    [
      `trap 'exit 0' PIPE HUP INT TERM`,
      `trap 'kill "$follower" 2>/dev/null' EXIT`,
      `${follower.text} & follower=$!`,
      `while kill -0 "$follower" 2>/dev/null; do sleep ${HEARTBEAT_SECONDS}; echo || exit 0; done`,
    ].join('\n'),
  );
}
