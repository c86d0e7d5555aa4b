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
//
// Each command costs one fork: it runs in a background subshell of the
// script (eval, with the script's own names prefixed mb_ and `set -u` off),
// not in a `timeout` and a fresh bash of its own as a lone command does.
// On a small server a process costs a few milliseconds of CPU, and --check
// sends its probes as one batch: two fewer processes per command was a
// sixth of the whole report's CPU on the lab. `exit` ends only that
// subshell, whose exit status the script reads with `wait`. Timeouts are
// kept by the script itself: `set -m` gives each command a process group of
// its own, as `timeout` did, and a single `sleep` in the background wakes
// the script at the next deadline, which then stops that command's whole
// group (TERM, then KILL 5 s later, as `timeout -k 5`) and reports 124.
//
// Quick reads that say they may share a shell (sharesShell: --check's
// probes and the units' read) run one after another in ONE background job
// instead of a job each: a fork apiece saved, and their sum is far shorter
// than the slow command they run beside. Each runs as a function body (a
// `return` ends only it), its output in files of its own, its exit status
// written to a file when it ends; the collector frames them all when that
// job ends, which keeps the latest of their deadlines (a command without a
// deadline never shares: it would get one). One that ran `exit` (or was
// stopped at the deadline) ends the job: it gets the job's status, and the
// ones after it never ran and get no frame (the batcher fails them: batcher.ts).
import { raw, sh, type Raw } from './quote.js';

export interface BatchedCommand {
  text: string;
  /** Stopped after this long (whole seconds, rounded up), as `timeout` stops a lone command (command-line.ts). */
  timeoutMs?: number;
  /** Its stdin: a file's new content (write-script.ts). It travels on the batch's stdin, never in its text. */
  stdin?: Buffer;
  /**
   * A quick read that may run in one shell with the batch's other such
   * commands, one after another: it ends with `return`, never `exit`, sets
   * what it reads, and waits on no network (ExecOptions.sharesShell).
   */
  sharesShell?: boolean;
}

export const FRAME_MARK = '\0mailsetup-batch ';

// EPOCHREALTIME (the deadlines) needs bash 5; without it the batch never
// starts, and the batcher runs each command alone.
const PRELUDE = `set -u
[ -n "\${EPOCHREALTIME:-}" ] || exit 90
mb_d=$(mktemp -d /run/mailsetup-batch.XXXXXX 2>/dev/null || mktemp -d) || exit 90
mb_sleeper=
trap '[ -z "$mb_sleeper" ] || kill "$mb_sleeper" 2>/dev/null; rm -rf -- "$mb_d"' EXIT
# bash tells of each ended job on stderr ("[1] Done"): nobody reads it.
exec 2>/dev/null
set -m
mb_now() { mb_t=\${EPOCHREALTIME/[.,]/}; }
mb_job() {
  if [ -n "$4" ]; then tail -c "+$(($3 + 1))" "$mb_d/in" | head -c "$4" >"$mb_d/i$1"; exec <"$mb_d/i$1"; else exec </dev/null; fi
  exec >"$mb_d/o$1" 2>"$mb_d/e$1"
  mb_command=$2
  set +um --
  eval "$mb_command"
}
mb_shared() {
  exec </dev/null
  mb_list=("$@")
  set +um --
  for ((mb_k = 0; mb_k < \${#mb_list[@]}; mb_k += 2)); do
    mb_command=\${mb_list[mb_k + 1]}
    mb_body >"$mb_d/o\${mb_list[mb_k]}" 2>"$mb_d/e\${mb_list[mb_k]}"
    printf '%s' "$?" >"$mb_d/c\${mb_list[mb_k]}"
  done
}
mb_body() { eval "$mb_command"; }
`;

// Before it sleeps, the script stops what is past its deadline and makes
// sure a sleeper will wake it at the next one (the sleeper is a job too, so
// wait -n returns when it ends). A command stopped this way reports 124.
const TICK = `mb_tick() {
  [ \${#mb_due[@]} -gt 0 ] || return 0
  if [ -n "$mb_sleeper" ] && kill -0 "$mb_sleeper" 2>/dev/null; then return 0; fi
  mb_now
  mb_next=
  for i in "\${!mb_due[@]}"; do
    if [ "\${mb_left/ $i /}" = "$mb_left" ]; then unset 'mb_due[i]'; continue; fi
    if (( mb_t >= mb_due[i] )); then
      if [ -z "\${mb_stopped[i]:-}" ]; then
        mb_stopped[i]=1; kill -TERM -- "-\${mb_pid[i]}"; mb_due[i]=$((mb_due[i] + 5000000))
      else
        kill -KILL -- "-\${mb_pid[i]}"; unset 'mb_due[i]'; continue
      fi
    fi
    if [ -z "$mb_next" ] || (( mb_due[i] < mb_next )); then mb_next=\${mb_due[i]}; fi
  done
  mb_sleeper=
  [ -n "$mb_next" ] || return 0
  sleep "$(( (mb_next - mb_t + 999999) / 1000000 ))" </dev/null >/dev/null & mb_sleeper=$!
}
`;

// The collector looks for commands that have ended (kill -0 fails once bash
// has reaped one), prints their frames, and looks again; only when it finds
// none does it sleep in wait -n. It must look again before sleeping: bash
// reaps (and forgets, for wait -n) jobs that end while the collector runs a
// process of its own, and wait -n would then sleep through them; \`wait PID\`
// still gives a reaped job's exit status. A frame is made by builtins alone
// when the output holds no NUL byte (read -d '' stops at the first one): in
// the C locale \${#var} counts bytes. Output with a NUL byte (a binary file
// read) takes its sizes from stat and its bytes from cat.
const COLLECT = `LC_ALL=C
printf '\\0mailsetup-batch started\\n'
while [ -n "\${mb_left// /}" ]; do
  mb_ready=()
  for i in $mb_left; do
    if ! kill -0 "\${mb_pid[i]}"; then mb_ready+=("$i"); mb_left=\${mb_left/ $i / }; fi
  done
  if [ \${#mb_ready[@]} -eq 0 ]; then mb_tick; wait -n; continue; fi
  for i in "\${mb_ready[@]}"; do
    wait "\${mb_pid[i]}"; c=$?
    [ -z "\${mb_stopped[i]:-}" ] || c=124
    if [ -z "\${mb_with[i]:-}" ]; then mb_frame "$i" "$c"; continue; fi
    for m in $i \${mb_with[i]}; do
      if [ -r "$mb_d/c$m" ]; then read -r mc <"$mb_d/c$m"; mb_frame "$m" "$mc"; continue; fi
      [ ! -e "$mb_d/o$m" ] || mb_frame "$m" "$c"
      break
    done
  done
done
`;

// One command's frame: its exit code, then its stdout and stderr.
const FRAME = `mb_frame() {
  if IFS= read -r -d '' mb_out <"$mb_d/o$1" || IFS= read -r -d '' mb_err <"$mb_d/e$1"; then
    mb_sizes=($(stat -c %s -- "$mb_d/o$1" "$mb_d/e$1"))
    printf '\\0mailsetup-batch %s %s %s %s\\n' "$1" "$2" "\${mb_sizes[0]}" "\${mb_sizes[1]}"
    cat -- "$mb_d/o$1" "$mb_d/e$1"
  else
    printf '\\0mailsetup-batch %s %s %s %s\\n%s%s' "$1" "$2" "\${#mb_out}" "\${#mb_err}" "$mb_out" "$mb_err"
  fi
}
`;

export function batchScript(commands: BatchedCommand[]): Raw {
  let offset = 0;
  const inputAt = commands.map((c) => {
    const at = offset;
    offset += c.stdin?.length ?? 0;
    return at;
  });
  // Those that may share a shell share one job, when there are two or more.
  const sharing = commands.flatMap((c, i) => (c.sharesShell && !c.stdin && c.timeoutMs !== undefined ? [i] : []));
  const shared = sharing.length > 1 ? sharing : [];
  const starts = commands.flatMap((c, i) => {
    if (shared.length > 0 && i === shared[0]) {
      return [sh`mb_shared ${shared.flatMap((m) => [String(m), commands[m]!.text])} & mb_pid[${i}]=$! mb_with[${i}]=${shared.slice(1).join(' ')}`];
    }
    if (shared.includes(i)) return [];
    return [sh`mb_job ${i} ${c.text} ${c.stdin ? inputAt[i]! : ''} ${c.stdin ? c.stdin.length : ''} & mb_pid[${i}]=$!`];
  });
  const jobs = commands.map((_, i) => i).filter((i) => !shared.includes(i) || i === shared[0]);
  // Deadlines in microseconds of EPOCHREALTIME, counted from before the first
  // start; a shared job's is its latest member's.
  const dueOf = (i: number): number | undefined =>
    (i === shared[0] ? Math.max(...shared.map((m) => commands[m]!.timeoutMs!)) : commands[i]!.timeoutMs);
  const due = jobs.flatMap((i) => {
    const ms = dueOf(i);
    return ms === undefined ? [] : [sh`[${i}]=$((mb_t + ${Math.max(1, Math.ceil(ms / 1000))} * 1000000))`];
  });
  const left = sh`mb_left=${` ${jobs.join(' ')} `}`;
  const input = commands.some((c) => c.stdin) ? 'cat >"$mb_d/in"' : '';
  const deadlines = sh`mb_due=(${due})`;
  return raw([PRELUDE, TICK, FRAME, input, 'mb_now', deadlines.text, 'mb_stopped=() mb_with=()', ...starts.map((s) => s.text), left.text, COLLECT].join('\n'));
}

/** What the batch reads on stdin: each command's stdin, in order. */
export function batchStdin(commands: BatchedCommand[]): Buffer | undefined {
  const parts = commands.flatMap((c) => (c.stdin ? [c.stdin] : []));
  return parts.length ? Buffer.concat(parts) : undefined;
}
