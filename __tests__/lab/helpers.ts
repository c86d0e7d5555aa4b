// Shared bits of the lab's own tests: they run a second lab instance (its
// own subnet, bridge, machines and state dir) so that bringing it up from
// nothing, resetting it and taking it down never disturbs the instance-0
// lab the rest of the test run uses.
import { execa } from 'execa';

export const INSTANCE = 1;
export const labOpts = { instance: INSTANCE };

export const canRunLab = process.platform === 'linux' && process.getuid?.() === 0 && process.env.MAILSETUP_LAB !== 'off';

/** dig against a lab DNS endpoint; returns the +short answer lines. */
export async function dig(server: string, port: number, type: string, name: string): Promise<string[]> {
  const r = await execa('dig', ['+short', '+time=2', '+tries=2', '-p', String(port), `@${server}`, type, name]);
  return r.stdout.split('\n').map((l) => l.trim()).filter(Boolean);
}
