// A family's quick read-only probes in ONE remote command, run one after
// another in one shell. Each command sent on its own costs the server a few
// processes beyond the probe itself, and --check's families run side by side
// on a small server: the service family's five probes cost 71 ms of the
// server's CPU as five commands and 56 ms as one. Each probe is the body of
// a shell function, not a subshell: a subshell is one more process per probe
// (about 2 ms of a small server's CPU each), so a probe ends with `return`,
// never `exit` (which would end the probes after it too). Calls asked for in
// the same instant go further: their commands share one shell on the server
// (ExecOptions.sharesShell), the families' probes of a --check in one
// process; a call whose probes wait on the network keeps a job of its own,
// so a slow connect or download holds back none of the others.
import { randomBytes } from 'node:crypto';
import { sh, type Raw } from '../remote/quote.js';
import type { Remote } from '../remote/types.js';

export interface ProbeOutput {
  code: number;
  stdout: string;
}

/**
 * Runs `probes` in order, each as the body of a function (a `return` ends
 * only that probe; probes share one shell, so each sets what it reads), and
 * returns each one's stdout and exit code; stderr is dropped. Each ends with
 * a line naming a marker of this call alone: it is random, so a probe's
 * output cannot end another's early by accident. (A hostile server sees the
 * marker in the command and can print it; it can only misreport its own
 * state that way, which it can anyway, and each code is read as a number of
 * at most three digits.) A probe whose end never arrived (the command timed
 * out, or a probe ran `exit`) gets code -1 and what it printed. `network`:
 * a probe connects or downloads (its command runs apart from the others').
 */
export async function probesInOne(remote: Remote, probes: Raw[], timeoutMs?: number, options: { network?: boolean } = {}): Promise<ProbeOutput[]> {
  const marker = `mailsetup-probe-${randomBytes(12).toString('hex')}`;
  const ends = `\\n${marker} %s\\n`;
  const script = probes.map((p) => sh`mailsetup_probe() {
${p}
}
mailsetup_probe </dev/null 2>/dev/null; printf ${ends} "$?";`);
  const res = await remote.exec(sh`${script}`, { readOnly: true, allowFailure: true, timeoutMs, sharesShell: !options.network });
  const parts = res.stdout.split(new RegExp(`\\n${marker} (\\d{1,3})\\n`));
  // split() with a capturing group: [out0, code0, out1, code1, ..., rest]
  return probes.map((_, i) => {
    const stdout = parts[2 * i] ?? '';
    const code = parts[2 * i + 1];
    return code === undefined ? { code: -1, stdout } : { code: Number(code), stdout };
  });
}
