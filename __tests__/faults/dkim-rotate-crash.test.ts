// `mailsetup dkim rotate` stopped after any one remote command (SIGKILL, or
// the SSH link cut): mail keeps flowing meanwhile, signed with a key whose
// record is published, and the next run of the same command completes the
// rotation. CI tries a sample of points; every point:
//   MAILSETUP_CRASH_SWEEP=all [MAILSETUP_CRASH_MODES=kill,cut] \
//     NODE_OPTIONS=--experimental-vm-modules npx jest __tests__/faults/dkim-rotate-crash.test.ts
import { randomBytes } from 'node:crypto';
import { execa } from 'execa';
import { sh } from '../../src/remote/quote.js';
import type { Remote } from '../../src/remote/types.js';
import type { LabTarget } from '../helpers/provision.js';
import { canRunLab, cliEnv, dkimVerdicts, root, sendToInbox, setUpDay2 } from '../day2/helpers.js';

type Mode = 'kill' | 'cut';
// A rotation is about 30 remote commands: the plan's probes, the staged key,
// the record published and awaited, the switch, the restart, the proof.
const SAMPLE: Array<[number, Mode]> = [[3, 'kill'], [9, 'kill'], [14, 'cut'], [18, 'kill'], [20, 'kill'], [22, 'kill'], [26, 'cut']];
const ALL = Number(process.env.MAILSETUP_CRASH_COMMANDS ?? 40);

function points(): Array<[number, Mode]> {
  if (process.env.MAILSETUP_CRASH_SWEEP !== 'all') return SAMPLE;
  const modes = (process.env.MAILSETUP_CRASH_MODES ?? 'kill').split(',') as Mode[];
  return modes.flatMap((mode) => Array.from({ length: ALL }, (_, i) => [i + 1, mode] as [number, Mode]));
}

const maybe = canRunLab ? describe : describe.skip;
const tally = { tried: 0, converged: 0, notReached: 0 };

maybe('dkim rotate stopped after any remote command', () => {
  let target: LabTarget;
  let remote: Remote;
  let stateDir: string;

  beforeAll(async () => {
    ({ target, stateDir, remote } = await setUpDay2('dkim-crash'));
  }, 600000);

  afterAll(async () => {
    process.stderr.write(`\ndkim rotate crash points: ${tally.tried} tried, ${tally.converged} converged${tally.notReached ? ` (${tally.notReached} past the last command)` : ''}\n`);
    await remote?.close();
  });

  const rotate = (selector: string, env: Record<string, string> = {}) =>
    execa('node', ['dist/cli.js', 'dkim', 'rotate', '--selector', selector, '--yes', '--lab', '--state-dir', stateDir], {
      cwd: root,
      env: { ...cliEnv(stateDir), ...env },
      reject: false,
      all: true,
    });

  /** A mail through 587 to the lab inbox, and whether its DKIM signature verifies against DNS. */
  async function mailVerifies(tag: string): Promise<{ selector?: string; result?: string }[]> {
    const sender = target.run.answers.senders[0]!;
    const raw = await sendToInbox(target, sender, target.run.secrets.senderPasswords[sender]!, tag);
    return dkimVerdicts(target, raw);
  }

  for (const [after, mode] of points()) {
    test(`${mode} after remote command ${after}: mail still verifies, and the same command run again completes`, async () => {
      tally.tried++;
      const selector = `c${after}${mode[0]}${randomBytes(2).toString('hex')}`;
      const cut = await rotate(selector, { MAILSETUP_CRASH_AFTER: String(after), MAILSETUP_CRASH_MODE: mode });
      const reached = /crash point reached/.test(String(cut.all));
      if (!reached) {
        expect(cut.exitCode).toBe(0);
        tally.notReached++;
      } else if (mode === 'kill') {
        expect(cut.signal).toBe('SIGKILL');
      }

      // Meanwhile, with the rotation cut off wherever it was: signed, and verifying.
      const meanwhile = await mailVerifies(`dkim-crash-${selector}-meanwhile`);
      expect(meanwhile.length).toBeGreaterThan(0);
      expect(meanwhile.every((v) => v.result === 'pass')).toBe(true);

      const again = await rotate(selector);
      if (again.exitCode !== 0) process.stderr.write(`\n[${mode} after ${after}] rerun:\n${String(again.all).split('\n').slice(-25).join('\n')}\n`);
      expect(again.exitCode).toBe(0);
      expect(String(again.all)).toMatch(new RegExp(`✓ a test mail from \\S+ is signed with ${selector} and verifies`));
      const keys = (await remote.exec(sh`cd /etc/chasquid/domains/${target.run.answers.domain} && ls -1 dkim:*.pem`, { allowFailure: true })).stdout.split('\n').filter(Boolean);
      expect(keys).toEqual([`dkim:${selector}.pem`]);
      expect((await remote.exec(sh`ls -A /etc/mailsetup/dkim-pending 2>/dev/null; cat /run/mailsetup/chasquid-restart-pending 2>/dev/null; true`)).stdout.trim()).toBe('');
      expect(await mailVerifies(`dkim-crash-${selector}-after`)).toEqual([{ selector, domain: target.run.answers.domain, result: 'pass' }]);
      tally.converged++;
    }, 240000);
  }
});
