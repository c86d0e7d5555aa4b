// Several commands in one remote command. Steps and checks that run side by
// side issue their commands in the same instant; each used to open a channel
// of its own, a round trip apiece. Handed over together, they travel as one
// bash script that starts them all at once (each in the background, exactly
// as side-by-side channels ran them) and reports each one as soon as it ends,
// so a slow command (an apt install) never holds back a quick one's answer.
//
// What the script prints, all on stdout:
//   \0mailsetup-batch started\n            once, after every command is started
//   \0mailsetup-batch <i> <code> <outBytes> <errBytes>\n<stdout><stderr>
//                                          per command, in the order they end
// Each command's output waits in a private directory on /run (memory, not
// disk: a command may print a key) that is removed when the script ends.
// Commands given stdin (file writes) find theirs in the batch's own stdin,
// one after another; the script keeps it in that directory and hands each
// command its slice, so content never appears in the script's text (argv).
import { raw, sh, type Raw } from './quote.js';

export interface BatchedCommand {
  text: string;
  /** Stopped by coreutils `timeout` after this long, as a lone command is (command-line.ts). */
  timeoutMs?: number;
  /** Its stdin: a file's new content (write-script.ts). It travels on the batch's stdin, never in its text. */
  stdin?: Buffer;
}

export const FRAME_MARK = '\0mailsetup-batch ';

const PRELUDE = `set -u
d=$(mktemp -d /run/mailsetup-batch.XXXXXX 2>/dev/null || mktemp -d) || exit 90
trap 'rm -rf -- "$d"' EXIT
job() {
  in=/dev/null
  if [ -n "$5" ]; then in="$d/i$1"; tail -c "+$(($4 + 1))" "$d/in" | head -c "$5" >"$in"; fi
  if [ -n "$2" ]; then timeout -k 5 "$2" bash -c "$3"; else bash -c "$3"; fi >"$d/o$1" 2>"$d/e$1" <"$in"
  # Its exit code, then the mark that it is done: builtins only. The
  # collector makes the frames of all commands done at one wake-up with one
  # stat and one cat (a process per command costs more than the probe).
  echo $? >"$d/c$1"
  : >"$d/r$1"
}
`;

// The collector looks for finished jobs, prints their frames, and looks
// again; only when it finds none does it sleep in wait -n until a job ends.
// It must look again before sleeping: bash reaps (and forgets) jobs that end
// while the collector's own stat or cat runs, and wait -n would then sleep
// through them. A job marks itself done before it ends, so a job bash has
// reaped is always found. The frames of all jobs found at one look go out
// together: their sizes from one stat, each header written by a builtin,
// then one cat of them all.
const COLLECT = `printf '\\0mailsetup-batch started\\n'
while [ -n "\${left// /}" ]; do
  ready=()
  for i in $left; do
    if [ -e "$d/r$i" ]; then ready+=("$i"); left=\${left/ $i / }; fi
  done
  if [ \${#ready[@]} -eq 0 ]; then wait -n 2>/dev/null; continue; fi
  outputs=()
  for i in "\${ready[@]}"; do outputs+=("$d/o$i" "$d/e$i"); done
  sizes=($(stat -c %s -- "\${outputs[@]}"))
  parts=()
  n=0
  for i in "\${ready[@]}"; do
    read -r c <"$d/c$i"
    printf '\\0mailsetup-batch %s %s %s %s\\n' "$i" "$c" "\${sizes[n]}" "\${sizes[n + 1]}" >"$d/h$i"
    parts+=("$d/h$i" "$d/o$i" "$d/e$i")
    n=$((n + 2))
  done
  cat -- "\${parts[@]}"
done
`;

export function batchScript(commands: BatchedCommand[]): Raw {
  let offset = 0;
  const starts = commands.map((c, i) => {
    const seconds = c.timeoutMs === undefined ? '' : String(Math.max(1, Math.ceil(c.timeoutMs / 1000)));
    const at = offset;
    offset += c.stdin?.length ?? 0;
    return sh`job ${i} ${seconds} ${c.text} ${c.stdin ? at : ''} ${c.stdin ? c.stdin.length : ''} &`;
  });
  const left = sh`left=${` ${commands.map((_, i) => i).join(' ')} `}`;
  const input = commands.some((c) => c.stdin) ? 'cat >"$d/in"' : '';
  return raw([PRELUDE, input, ...starts.map((s) => s.text), left.text, COLLECT].join('\n'));
}

/** What the batch reads on stdin: each command's stdin, in order. */
export function batchStdin(commands: BatchedCommand[]): Buffer | undefined {
  const parts = commands.flatMap((c) => (c.stdin ? [c.stdin] : []));
  return parts.length ? Buffer.concat(parts) : undefined;
}
