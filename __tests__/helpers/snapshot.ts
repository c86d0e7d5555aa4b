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
