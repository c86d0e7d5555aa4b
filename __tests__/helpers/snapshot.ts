// What "a second run changes nothing" is measured against: content hash and
// mtime of every file mailsetup manages on the server.
import type { LabVps } from '../../src/lab/types.js';
import { labExec } from '../../src/lab/index.js';

const WATCHED = [
  '/etc/chasquid',
  '/etc/mailsetup',
  '/etc/sysctl.conf',
  '/etc/sysctl.d',
  '/etc/netplan',
  '/etc/systemd/system/mailsetup-certificate.service',
  '/etc/systemd/system/mailsetup-certificate.timer',
  '/usr/local/lib/mailsetup',
];

/** `path mtime sha256` lines, sorted. */
export async function serverFiles(vps: LabVps): Promise<string> {
  const res = await labExec(
    vps,
    `find ${WATCHED.join(' ')} -type f 2>/dev/null | sort | while read -r f; do printf '%s %s %s\\n' "$f" "$(stat -c %Y.%y "$f")" "$(sha256sum < "$f" | cut -c1-16)"; done`,
  );
  return String(res.stdout);
}

/**
 * What "nothing changed before Start" is measured against: the hash of every
 * file under /etc, the installed packages with their versions and states,
 * and whether mailsetup's run directory exists.
 */
export async function etcAndPackages(vps: LabVps): Promise<string> {
  const res = await labExec(
    vps,
    "find /etc -xdev -type f -print0 | sort -z | xargs -0 sha256sum; dpkg-query -W -f '${Package} ${Version} ${db:Status-Abbrev}\\n'; ls -l --time-style=+%s /run/mailsetup 2>&1",
  );
  if (res.exitCode !== 0 && !String(res.stdout)) throw new Error(`could not read the VPS: ${res.stderr}`);
  return String(res.stdout);
}
