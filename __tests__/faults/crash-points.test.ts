// Killed at any point, the next run converges. For each crash point a fresh
// lab VPS gets a run of the real CLI that is stopped right after one remote
// command (SIGKILL, no clean-up; or the SSH link cut), then:
//   - a plain rerun completes every step,
//   - `--check` is green,
//   - a third run changes nothing (every step verified as done, no file written).
// CI runs a sample: the point that once left IPv6 written but never applied,
// and points named by the command they follow, spread over the whole run in
// both modes. The full sweep, every
// remote command of a full run:
//   MAILSETUP_CRASH_SWEEP=all [MAILSETUP_CRASH_MODES=kill,cut] [MAILSETUP_SECURITY_LAB_OS=debian13] \
//     NODE_OPTIONS=--experimental-vm-modules npx jest __tests__/faults/crash-points.test.ts
import { afterAll, describe, expect } from '@jest/globals';
import { execa } from 'execa';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { labReset } from '../../src/lab/index.js';
import { labTarget, type LabTarget } from '../helpers/provision.js';
import { expectNothingChanged } from '../helpers/no-changes.js';
import { CLI, startCliRun, writeLabAnswers } from '../security/helpers/cli-run.js';
import { securityOs } from '../security/helpers/lab.js';
import { labSuite } from '../security/helpers/lab-suite.js';

type Mode = 'kill' | 'cut';
interface Point {
  after: string;
  mode: Mode;
}

// The netplan file written and its rollback guard armed, not yet applied:
// the point where reruns once stopped for good at "IPv6 address assigned: none".
const NETPLAN_WRITTEN = 'match:setsid sh';
// Steps run side by side, so the Nth remote command of a run is not the same
// command from one run to the next: the sample names its points by the
// command they follow (match:TEXT, the first command containing TEXT), one
// per stretch of the run where a cut leaves something half done. A plain
// number still stops a run somewhere (the full sweep tries them all).
const SAMPLE: Point[] = [
  { after: NETPLAN_WRITTEN, mode: 'kill' },
  // The ACME client installed, issuance not begun (chasquid's install may be under way beside it).
  { after: 'match:--no-install-recommends lego', mode: 'kill' },
  // The certificate issued, not yet placed for chasquid.
  { after: "match:lego '--accept-tos'", mode: 'cut' },
  // chasquid's packages installed, its config not yet written.
  { after: 'match:--no-install-recommends chasquid', mode: 'kill' },
  // The certificate placed without a restart: only the note on the server says chasquid must start.
  { after: 'match:MAILSETUP_PLACE_ONLY', mode: 'kill' },
  // chasquid restarted once with every change, the proof's alias in place.
  { after: 'match:systemctl restart chasquid', mode: 'cut' },
  // The proof's message came back, its temporary alias not yet removed.
  { after: 'match:/var/lib/chasquid/mailsetup-proof', mode: 'kill' },
  // The backup read from the server, not yet committed.
  { after: 'match:base64 -w0', mode: 'kill' },
  { after: '40', mode: 'kill' },
];
// A full run's remote command count (the CLI logs it); the full sweep goes one past it.
const FULL_RUN_COMMANDS = Number(process.env.MAILSETUP_CRASH_COMMANDS ?? 112);

function points(): Point[] {
  if (process.env.MAILSETUP_CRASH_SWEEP !== 'all') return SAMPLE;
  const modes = (process.env.MAILSETUP_CRASH_MODES ?? 'kill').split(',') as Mode[];
  const all: Point[] = [];
  for (const mode of modes) for (let n = 1; n <= FULL_RUN_COMMANDS; n++) all.push({ after: String(n), mode });
  return all;
}

const lab = labSuite({ name: 'crash', connect: false, cli: true, testTimeout: 420_000 });
const tally = { tried: 0, converged: 0, notReached: 0, failed: [] as string[] };


async function converges(point: Point): Promise<void> {
  const os = securityOs();
  await labReset({ os: [os] });
  const target: LabTarget = (await labTarget(os))!;
  const dir = mkdtempSync(join(tmpdir(), 'mailsetup-crash-'));
  const name = `${point.mode} after ${point.after}`;
  tally.tried++;
  try {
    const stateDir = join(dir, 'state');
    const answersFile = join(dir, 'answers.yaml');
    writeLabAnswers(answersFile, target, (a) => {
      a.backup.dir = join(dir, 'backup');
    });
    const run = (extra: { env?: Record<string, string> } = {}) => startCliRun({ answersFile, stateDir, target, ...extra });

    const crashed = await run({ env: { MAILSETUP_CRASH_AFTER: point.after, MAILSETUP_CRASH_MODE: point.mode } });
    const reached = /crash point reached/.test(String(crashed.all));
    if (!reached) {
      // Past the last command of the run: it simply completed.
      expect(crashed.exitCode).toBe(0);
      tally.notReached++;
    } else if (point.mode === 'kill') {
      expect(crashed.signal).toBe('SIGKILL');
    } else {
      expect(crashed.exitCode).not.toBe(0);
    }

    const rerun = await run();
    if (rerun.exitCode !== 0) process.stderr.write(`\n[${name}] rerun output (tail):\n${String(rerun.all).split('\n').slice(-30).join('\n')}\n`);
    expect(rerun.exitCode).toBe(0);
    expect(String(rerun.all)).toMatch(/All steps done/);

    const check = await execa('node', [CLI, '--lab', '--check', '--state-dir', stateDir], {
      reject: false,
      all: true,
      env: { HOME: join(dir, 'home'), PATH: process.env.PATH ?? '', NO_COLOR: '1', MAILSETUP_LAB_OS: os, MAILSETUP_LAB_INSTANCE: process.env.MAILSETUP_LAB_INSTANCE ?? '0' },
      extendEnv: false,
    });
    if (check.exitCode !== 0) process.stderr.write(`\n[${name}] --check output (tail):\n${String(check.all).split('\n').slice(-30).join('\n')}\n`);
    expect(check.exitCode).toBe(0);

    const third = await run();
    expect(third.exitCode).toBe(0);
    const out = String(third.all);
    expectNothingChanged(out, stateDir);
    tally.converged++;
  } catch (e) {
    tally.failed.push(name);
    throw e;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('a run stopped after any remote command converges on the next run', () => {
  afterAll(() => {
    process.stderr.write(
      `\ncrash points (${securityOs()}): ${tally.tried} tried, ${tally.converged} converged` +
        `${tally.notReached ? ` (${tally.notReached} past the run's last command)` : ''}` +
        `${tally.failed.length ? `; did not converge: ${tally.failed.join(', ')}` : ''}\n`,
    );
  });

  for (const point of points()) {
    const what = point.after === NETPLAN_WRITTEN ? 'the netplan file is written, before it is applied' : point.after.startsWith('match:') ? `the command with ${point.after.slice(6)}` : `remote command ${point.after}`;
    lab.test(`${point.mode} after ${what}`, () => converges(point));
  }
});
