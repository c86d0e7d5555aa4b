// Samples the process list of a lab VPS over a connection of its own while
// a run is going: every command line that existed at a sample is kept, to be
// searched for secrets afterwards.
import { execa } from 'execa';
import { sshArgs } from '../../../src/lab/ssh.js';
import type { LabTarget } from '../../helpers/provision.js';

export interface PsSampler {
  /** Stop sampling; resolves to every distinct command line seen and the number of samples. */
  stop(): Promise<{ lines: Set<string>; samples: number }>;
}

export function samplePs(target: LabTarget, intervalSeconds = 0.2): PsSampler {
  const loop = `while :; do ps -eo args --no-headers; echo '--mailsetup-sample--'; sleep ${intervalSeconds}; done`;
  const child = execa('ssh', ['-o', 'BatchMode=yes', ...sshArgs(target.vps), '--', loop], { reject: false, buffer: true });
  return {
    async stop() {
      child.kill('SIGTERM');
      const r = await child;
      const text = String(r.stdout ?? '');
      const lines = new Set(text.split('\n').filter((l) => l && l !== '--mailsetup-sample--'));
      return { lines, samples: text.split('--mailsetup-sample--').length - 1 };
    },
  };
}
