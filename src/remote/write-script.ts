// A file write as one shell script run as root, in one remote command: the
// new content arrives on stdin (never in argv) into a temp file in the
// target's directory. When it equals the target byte for byte, nothing is
// written (only an asked mode/owner is applied) and the script says
// `unchanged`; otherwise the temp file is renamed over the target when
// complete, so a reader never sees half a file. The replaced file is first
// copied (`cp -p` keeps mode and owner) to PATH.mailsetup-YYYYMMDDTHHMMSS.bak.
// A symlinked target is written through: the file it points to is replaced,
// the link stays. Comparing on the server in the same command saves the
// separate read (and upload) each write cost before.
import { sh, raw, type Raw } from './quote.js';

export interface WriteScriptInput {
  target: string;
  stamp: string;
  mode?: number;
  owner?: string;
  backup: boolean;
  /** The folder's mode when it is created; undefined: not created. */
  parentMode?: number;
}

const BODY = `
set -eu
# Write through a symlink (Ubuntu's /etc/sysctl.d/99-sysctl.conf -> ../sysctl.conf)
# instead of replacing the link with a plain file.
if [ -L "$target" ]; then target=$(readlink -f -- "$target"); fi
if [ -n "$parent" ] && [ ! -d "$(dirname -- "$target")" ]; then mkdir -p -m "$parent" -- "$(dirname -- "$target")"; fi
# mv would put the file inside a directory instead of replacing it.
if [ -d "$target" ]; then echo "$target is a directory" >&2; exit 1; fi
# mktemp creates it 0600, only root can read it until it is complete.
tmp=$(mktemp "$(dirname -- "$target")/.$(basename -- "$target").mailsetup-XXXXXX")
trap 'rm -f -- "$tmp"' EXIT
cat > "$tmp"
if [ -f "$target" ] && cmp -s -- "$tmp" "$target"; then
  if [ -n "$mode" ]; then chmod "$mode" -- "$target"; fi
  if [ -n "$owner" ]; then chown -- "$owner" "$target"; fi
  printf 'unchanged\\0'
  exit 0
fi
if [ -e "$target" ]; then
  chmod --reference="$target" -- "$tmp"
  chown --reference="$target" -- "$tmp"
  if [ "$backup" = 1 ]; then
    b="$target.mailsetup-$stamp.bak"; n=1
    while [ -e "$b" ]; do b="$target.mailsetup-$stamp-$n.bak"; n=$((n+1)); done
    # A full disk can cut the copy short: never leave half a backup behind.
    cp -p -- "$target" "$b" || { rm -f -- "$b"; exit 1; }
    # NUL-terminated: a path may contain a line break.
    printf 'backup=%s\\0' "$b"
  fi
else
  chmod 644 -- "$tmp"
  chown root:root -- "$tmp"
fi
if [ -n "$mode" ]; then chmod "$mode" -- "$tmp"; fi
if [ -n "$owner" ]; then chown -- "$owner" "$tmp"; fi
mv -f -- "$tmp" "$target"
trap - EXIT
`;

export function writeScript(input: WriteScriptInput): Raw {
  const vars = sh`target=${input.target} stamp=${input.stamp} mode=${octal(input.mode)} owner=${input.owner ?? ''} backup=${input.backup ? '1' : '0'} parent=${octal(input.parentMode)}`;
  return raw(vars.text + BODY);
}

const octal = (mode: number | undefined) => (mode === undefined ? '' : mode.toString(8).padStart(4, '0'));

/** `YYYYMMDDTHHMMSS` in UTC, the backup suffix. */
export function backupStamp(date = new Date()): string {
  return date.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, '');
}
