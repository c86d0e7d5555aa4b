// The server-side half of an atomic write, as one shell script run as root.
// The new content is already in a temp file in the target's directory (put
// there over SFTP by root) or arrives on stdin (a sudo user cannot SFTP into
// /etc); either way it is renamed over the target only when complete, so a
// reader never sees half a file. The replaced file is first copied (`cp -p`
// keeps mode and owner) to PATH.mailsetup-YYYYMMDDTHHMMSS.bak. A symlinked
// target is written through: the file it points to is replaced, the link stays.
import { sh, raw, type Raw } from './quote.js';

export interface WriteScriptInput {
  target: string;
  /** Temp file already holding the content; empty: read the content from stdin. */
  tmp: string;
  stamp: string;
  mode?: number;
  owner?: string;
  backup: boolean;
}

const BODY = `
set -eu
# Write through a symlink (Ubuntu's /etc/sysctl.d/99-sysctl.conf -> ../sysctl.conf)
# instead of replacing the link with a plain file.
if [ -L "$target" ]; then target=$(readlink -f -- "$target"); fi
if [ -z "$tmp" ]; then
  tmp=$(mktemp "$(dirname -- "$target")/.$(basename -- "$target").mailsetup-XXXXXX")
  trap 'rm -f -- "$tmp"' EXIT
  cat > "$tmp"
else
  trap 'rm -f -- "$tmp"' EXIT
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
  const mode = input.mode === undefined ? '' : input.mode.toString(8).padStart(4, '0');
  const vars = sh`target=${input.target} tmp=${input.tmp} stamp=${input.stamp} mode=${mode} owner=${input.owner ?? ''} backup=${input.backup ? '1' : '0'}`;
  return raw(vars.text + BODY);
}

/** `YYYYMMDDTHHMMSS` in UTC, the backup suffix. */
export function backupStamp(date = new Date()): string {
  return date.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, '');
}

/** The temp name root uploads to: hidden, beside the target, unlikely to collide. */
export function tempPathFor(target: string, random: string): string {
  const slash = target.lastIndexOf('/');
  const dir = slash <= 0 ? (slash === 0 ? '' : '.') : target.slice(0, slash);
  return `${dir}/.${target.slice(slash + 1)}.mailsetup-${random}`;
}
