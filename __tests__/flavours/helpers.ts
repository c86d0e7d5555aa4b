// The flavour end-to-end tests: a lab VPS made as a provider's image
// (src/lab/flavours.ts) on an instance of their own, so booting it specially
// never disturbs the lab the rest of the suite uses; then the real CLI, as a
// user runs it: an unattended run, a rerun that changes nothing, --check green.
import { execa } from 'execa';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { labDown, labExec, labReset, readLabInfo } from '../../src/lab/index.js';
import type { LabFlavour, LabInfo, LabOs, LabVps } from '../../src/lab/types.js';
import { stopVps } from '../../src/lab/vps.js';
import { labConfig } from '../../src/lab/config.js';
import { CLI, haveCli } from '../security/helpers/cli-run.js';
import { labCanRunHere } from '../helpers/provision.js';
import { expectNothingChanged } from '../helpers/no-changes.js';

/** 6 unless MAILSETUP_FLAVOUR_LAB_INSTANCE moves them (a file run alone beside the suite). */
export const FLAVOUR_INSTANCE = Number(process.env.MAILSETUP_FLAVOUR_LAB_INSTANCE ?? 6);
const opts = { instance: FLAVOUR_INSTANCE };

export const flavourDescribe = labCanRunHere ? describe : describe.skip;

export interface FlavourLab {
  info: LabInfo;
  vps: LabVps;
  os: LabOs;
  dir: string;
  stateDir: string;
}

/** A fresh VPS of `flavour` on the flavour instance (its DNS, ACME and inbox come up with it). */
export async function freshFlavour(flavour: LabFlavour, os: LabOs): Promise<FlavourLab> {
  if (!haveCli()) throw new Error(`${CLI} is missing: build it with \`npx tsc\` first`);
  const info = await labReset({ ...opts, os: [os], flavour });
  const vps = info.vps[os]!;
  expect(vps.flavour).toBe(flavour);
  const dir = mkdtempSync(join(tmpdir(), `mailsetup-flavour-${flavour}-`));
  return { info, vps, os, dir, stateDir: join(dir, 'state') };
}

export async function dropFlavourLab(lab: FlavourLab | undefined): Promise<void> {
  if (lab) rmSync(lab.dir, { recursive: true, force: true });
  await labDown(opts);
}

export interface CliResult {
  code: number;
  out: string;
  seconds: number;
}

/** mailsetup itself against the lab VPS (`--lab` on the lab instance of `lab.info`, the answers read off the lab). */
export async function mailsetup(lab: FlavourLab, args: string[], env: Record<string, string> = {}): Promise<CliResult> {
  const started = Date.now();
  const r = await execa('node', [CLI, '--lab', '--state-dir', lab.stateDir, ...args], {
    reject: false,
    all: true,
    env: {
      HOME: join(lab.dir, 'home'), SSH_AUTH_SOCK: '', PATH: process.env.PATH ?? '', CI: '1', NO_COLOR: '1',
      MAILSETUP_LAB_INSTANCE: String(lab.info.instance), MAILSETUP_LAB_OS: lab.os, ...env,
    },
    extendEnv: false,
    timeout: 900_000,
  });
  const out = String(r.all ?? '');
  const code = r.exitCode ?? 255;
  if (code !== 0) process.stderr.write(`\nmailsetup ${args.join(' ')} exited ${code}; output (tail):\n${out.split('\n').slice(-30).join('\n')}\n`);
  return { code, out, seconds: (Date.now() - started) / 1000 };
}

/** A run that finished with every step verified as done and no file written. */
export function expectNoChanges(lab: FlavourLab, run: CliResult): void {
  expect(run.code).toBe(0);
  expectNothingChanged(run.out, lab.stateDir);
}

/** Unattended run, --check green, rerun with zero changes, --check green again; the durations for the report. */
export async function runUnattendedE2e(lab: FlavourLab, between?: () => Promise<void>): Promise<Record<string, number>> {
  const first = await mailsetup(lab, ['--yes']);
  expect(first.code).toBe(0);
  expect(first.out).toMatch(/All steps done/);
  const check = await mailsetup(lab, ['--check']);
  expect(check.code).toBe(0);
  await between?.();
  const second = await mailsetup(lab, ['--yes']);
  expectNoChanges(lab, second);
  const recheck = await mailsetup(lab, ['--check']);
  expect(recheck.code).toBe(0);
  const seconds = { run: first.seconds, check: check.seconds, rerun: second.seconds, recheck: recheck.seconds };
  process.stderr.write(`\n${lab.vps.flavour} on ${lab.os}: ${JSON.stringify(seconds)}\n`);
  return seconds;
}

/** Root's command on the VPS (through sudo where root cannot log in); never throws on exit codes. */
export async function onFlavourVps(lab: FlavourLab, command: string): Promise<{ code: number; stdout: string }> {
  const r = await labExec(lab.vps, command, { timeoutMs: 60_000 });
  return { code: r.exitCode ?? 255, stdout: String(r.stdout ?? '') };
}

/** Power the VPS off and boot it again as it was (a reboot), then re-read what the lab says about it. */
export async function rebootFlavourVps(lab: FlavourLab): Promise<void> {
  await stopVps(labConfig(opts), lab.os);
  const { labUp } = await import('../../src/lab/index.js');
  await labUp({ ...opts, os: [lab.os] });
  lab.info = (await readLabInfo(opts))!;
  lab.vps = lab.info.vps[lab.os]!;
}
