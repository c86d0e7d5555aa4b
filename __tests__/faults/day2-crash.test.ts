// Day-two changes stopped after any one remote command (SIGKILL, or the SSH
// link cut): mail keeps flowing meanwhile, signed with a key whose record is
// published, and the next run of the same command completes the change.
// CI tries a sample of points per command; every point:
//   MAILSETUP_CRASH_SWEEP=all [MAILSETUP_CRASH_MODES=kill,cut] \
//     NODE_OPTIONS=--experimental-vm-modules npx jest __tests__/faults/day2-crash.test.ts
import { randomBytes } from 'node:crypto';
import { execa } from 'execa';
import { sh } from '../../src/remote/quote.js';
import type { Remote } from '../../src/remote/types.js';
import type { LabTarget } from '../helpers/provision.js';
import { canRunLab, cliEnv, dkimVerdicts, root, sendToInbox, setUpDay2 } from '../day2/helpers.js';
import { CLI_ENTRY } from '../helpers/cli-entry.js';

type Mode = 'kill' | 'cut';
type Point = [number, Mode];

interface Day2Command {
  name: string;
  /** A run's remote command count, about: the full sweep goes one past it. */
  commands: number;
  sample: Point[];
  /** The words of one change; `n` makes each try change something. */
  args(target: LabTarget, n: number): string[];
  /** Before each try: undo the last try's change where `n` alone cannot. */
  before?(remote: Remote): Promise<void>;
  /** After the completing run: the change is in place. */
  done(remote: Remote, target: LabTarget, n: number, output: string): Promise<void>;
}

const keyFiles = async (remote: Remote, domain: string) =>
  (await remote.exec(sh`cd /etc/chasquid/domains/${domain} && ls -1 dkim:*.pem`, { allowFailure: true })).stdout.split('\n').filter(Boolean);

const selectorOf = (n: number) => `c${n}${randomSuffix}`;
const randomSuffix = randomBytes(2).toString('hex');

// A zone the lab DNS serves that the day-two VPS (Debian 13) does not use otherwise.
const SECOND = 'example.test';

const COMMANDS: Day2Command[] = [
  {
    name: 'dkim rotate',
    // The plan's probes, the staged key, the record published and awaited, the switch, the restart, the proof.
    commands: 25,
    sample: [[3, 'kill'], [9, 'kill'], [14, 'cut'], [18, 'kill'], [20, 'kill'], [22, 'kill'], [26, 'cut']],
    args: (_t, n) => ['dkim', 'rotate', '--selector', selectorOf(n)],
    async done(remote, target, n, output) {
      const selector = selectorOf(n);
      expect(output).toMatch(new RegExp(`✓ a test mail from \\S+ is signed with ${selector} and verifies`));
      expect(await keyFiles(remote, target.run.answers.domain)).toEqual([`dkim:${selector}.pem`]);
      expect((await remote.exec(sh`ls -A /etc/mailsetup/dkim-pending 2>/dev/null; true`)).stdout.trim()).toBe('');
    },
  },
  {
    name: 'hostname set',
    commands: 26,
    sample: [[4, 'kill'], [10, 'kill'], [16, 'cut'], [22, 'kill']],
    // Back and forth between two names the certificate covers.
    args: (t, n) => ['hostname', 'set', n % 2 ? `mail.${t.run.answers.domain}` : `smtp.${t.run.answers.domain}`],
    async done(remote, target, n, output) {
      const name = n % 2 ? `mail.${target.run.answers.domain}` : `smtp.${target.run.answers.domain}`;
      expect(output).not.toMatch(/✗/);
      const conf = (await remote.readFile('/etc/chasquid/chasquid.conf'))!.toString('utf8');
      expect(conf).toMatch(new RegExp(`^hostname: "${name.replace(/\./g, '\\.')}"$`, 'm'));
    },
  },
  {
    name: 'domain add',
    commands: 18,
    // 11: the key in place, chasquid not yet restarted (a rerun once left the new domain unsigned).
    sample: [[3, 'kill'], [8, 'cut'], [11, 'kill'], [15, 'kill']],
    args: () => ['domain', 'add', SECOND],
    before: (remote) => remote.exec(sh`rm -rf /etc/chasquid/domains/${SECOND} && systemctl restart chasquid`).then(() => undefined),
    async done(remote, target, _n, output) {
      expect(output).not.toMatch(/✗/);
      expect(output).toMatch(new RegExp(`✓ DKIM record \\S+\\._domainkey\\.${SECOND.replace('.', '\\.')} matches`));
      expect((await keyFiles(remote, SECOND)).length).toBe(1);
    },
  },
];

function points(command: Day2Command): Point[] {
  if (process.env.MAILSETUP_CRASH_SWEEP !== 'all') return command.sample;
  const modes = (process.env.MAILSETUP_CRASH_MODES ?? 'kill').split(',') as Mode[];
  return modes.flatMap((mode) => Array.from({ length: command.commands + 1 }, (_, i) => [i + 1, mode] as Point));
}

const maybe = canRunLab ? describe : describe.skip;

maybe('day-two changes stopped after any remote command', () => {
  let target: LabTarget;
  let remote: Remote;
  let stateDir: string;
  const tally: Record<string, { tried: number; converged: number; notReached: number }> = {};

  beforeAll(async () => {
    ({ target, stateDir, remote } = await setUpDay2('crash'));
  }, 600000);

  afterAll(async () => {
    for (const [name, t] of Object.entries(tally)) {
      process.stderr.write(`\n${name} crash points: ${t.tried} tried, ${t.converged} converged${t.notReached ? ` (${t.notReached} past the last command)` : ''}\n`);
    }
    await remote?.close();
  });

  const cli = (args: string[], env: Record<string, string> = {}) =>
    execa('node', [CLI_ENTRY, ...args, '--yes', '--lab', '--state-dir', stateDir], {
      cwd: root,
      env: { ...cliEnv(stateDir), ...env },
      reject: false,
      all: true,
    });

  /** A mail through 587 to the lab inbox, and its DKIM verdicts against DNS. */
  async function mailVerdicts(tag: string): Promise<{ selector?: string; result?: string }[]> {
    const sender = target.run.answers.senders[0]!;
    const raw = await sendToInbox(target, sender, target.run.secrets.senderPasswords[sender]!, tag);
    return dkimVerdicts(target, raw);
  }

  for (const command of COMMANDS) {
    for (const [after, mode] of points(command)) {
      test(`${command.name}, ${mode} after remote command ${after}: mail still verifies, and the same command run again completes`, async () => {
        const t = (tally[command.name] ??= { tried: 0, converged: 0, notReached: 0 });
        t.tried++;
        const n = after * 2 + (mode === 'cut' ? 1 : 0);
        const args = command.args(target, n);
        await command.before?.(remote);
        const cut = await cli(args, { MAILSETUP_CRASH_AFTER: String(after), MAILSETUP_CRASH_MODE: mode });
        const reached = /crash point reached/.test(String(cut.all));
        if (!reached) {
          expect(cut.exitCode).toBe(0);
          t.notReached++;
        } else if (mode === 'kill') {
          expect(cut.signal).toBe('SIGKILL');
        }

        // Meanwhile, with the change cut off wherever it was: signed, and verifying.
        const meanwhile = await mailVerdicts(`crash-${command.name.replace(' ', '-')}-${n}-meanwhile`);
        expect(meanwhile.length).toBeGreaterThan(0);
        expect(meanwhile.every((v) => v.result === 'pass')).toBe(true);

        const again = await cli(args);
        if (again.exitCode !== 0) process.stderr.write(`\n[${command.name} ${mode} after ${after}] rerun:\n${String(again.all).split('\n').slice(-25).join('\n')}\n`);
        expect(again.exitCode).toBe(0);
        await command.done(remote, target, n, String(again.all));
        expect((await remote.exec(sh`cat /run/mailsetup/chasquid-restart-pending 2>/dev/null; true`)).stdout.trim()).toBe('');
        const after2 = await mailVerdicts(`crash-${command.name.replace(' ', '-')}-${n}-after`);
        expect(after2.length).toBeGreaterThan(0);
        expect(after2.every((v) => v.result === 'pass')).toBe(true);
        t.converged++;
      }, 300000);
    }
  }
});
