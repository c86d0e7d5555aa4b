// A chasquid.conf already on the server before chasquid is installed (left
// by a cut-off install, or written by hand): dpkg asks what to do with it,
// and with nobody to answer, every run used to fail at the same prompt
// ("end of file on stdin at conffile prompt"). The run keeps the file,
// writes the lines mailsetup manages, and completes.
import { beforeAll, describe, expect } from '@jest/globals';
import { join } from 'node:path';
import { startCliRun, writeLabAnswers } from '../security/helpers/cli-run.js';
import { onVps } from '../security/helpers/lab.js';
import { labSuite } from '../security/helpers/lab-suite.js';

const lab = labSuite({ name: 'conffile', connect: false, fresh: true, cli: true, testTimeout: 300_000 });
let stateDir: string;
let answersFile: string;

beforeAll(() => {
  stateDir = join(lab.dir, 'state');
  answersFile = join(lab.dir, 'answers.yaml');
  writeLabAnswers(answersFile, lab.target, (a) => {
    a.backup.dir = join(lab.dir, 'backup');
  });
});

describe('a chasquid.conf on the server before the install', () => {
  lab.test('is kept through the install without a prompt, and the run completes with mailsetup\'s lines in it', async () => {
    const pre = await onVps(lab.target, 'dpkg-query -W chasquid >/dev/null 2>&1 && echo installed; mkdir -p /etc/chasquid && printf "# written by hand\\nmax_data_size_mb: 20\\n" > /etc/chasquid/chasquid.conf');
    expect(pre.stdout).not.toContain('installed');
    const result = await startCliRun({ answersFile, stateDir, target: lab.target });
    if (result.exitCode !== 0) process.stderr.write(`\nrun output (tail):\n${String(result.all).split('\n').slice(-30).join('\n')}\n`);
    expect(String(result.all)).not.toMatch(/conffile prompt/);
    expect(result.exitCode).toBe(0);
    const conf = (await onVps(lab.target, 'cat /etc/chasquid/chasquid.conf; dpkg --audit')).stdout;
    expect(conf).toContain('max_data_size_mb: 20');
    expect(conf).toContain(`hostname: "${lab.target.run.answers.hostname}"`);
    expect(conf).not.toMatch(/not fully installed|half/);
  });
});
