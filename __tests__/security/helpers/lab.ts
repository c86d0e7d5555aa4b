// The lab VPS the security and fault tests use (lab-suite.ts sets it up for
// a test file), and a second way onto it: the system ssh client (an
// independent connection), so a test can watch or disturb the server while
// mailsetup's own connection is busy.
import type { LabTarget } from '../../helpers/provision.js';
import { labExec } from '../../../src/lab/ssh.js';
import type { LabOs } from '../../../src/lab/types.js';

/** MAILSETUP_SECURITY_LAB_OS picks the VPS; Debian 12 (chasquid 1.11, the older path) by default. */
export function securityOs(): LabOs {
  return process.env.MAILSETUP_SECURITY_LAB_OS === 'debian13' ? 'debian13' : 'debian12';
}

/** Run fixed shell text on the VPS as root over a connection of its own; never throws on exit codes. */
export async function onVps(target: LabTarget, command: string, timeoutMs = 60_000): Promise<{ code: number; stdout: string; stderr: string }> {
  const r = await labExec(target.vps, command, { timeoutMs });
  return { code: r.exitCode ?? 255, stdout: String(r.stdout ?? ''), stderr: String(r.stderr ?? '') };
}
