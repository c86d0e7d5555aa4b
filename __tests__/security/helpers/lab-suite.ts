// The set-up every security and fault test file shares: the lab VPS, a temp
// folder of the file's own (state dir, answers, scratch files) and, unless
// the file drives the CLI instead, mailsetup's own SSH connection to the VPS;
// made before the file's tests and removed after them.
// Where the lab cannot run at all (not root on Linux, or MAILSETUP_LAB=off)
// the tests are reported as skipped, with the reason on stderr. Where it can,
// a lab that is not up, or a CLI that is not built, fails them: a lab test
// never passes by doing nothing.
import { afterAll, beforeAll, test } from '@jest/globals';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { labReset } from '../../../src/lab/index.js';
import type { LabOs } from '../../../src/lab/types.js';
import type { Remote } from '../../../src/remote/types.js';
import { connectLab, labCanRunHere, labTarget, type LabTarget } from '../../helpers/provision.js';
import { CLI, haveCli } from './cli-run.js';
import { securityOs } from './lab.js';

export interface LabSuiteOptions {
  /** Names the temp folder (mailsetup-<name>-XXXXXX) and the skip note. */
  name: string;
  /** Open mailsetup's own SSH connection as `remote` (default true). */
  connect?: boolean;
  /** Reset the VPS to a fresh one first (slow: a new machine). */
  fresh?: boolean;
  /** The tests run the CLI as a process (CLI_ENTRY). */
  cli?: boolean;
  /** Each test's time limit, unless the test names its own. */
  testTimeout?: number;
}

export interface LabSuite {
  readonly target: LabTarget;
  readonly remote: Remote;
  /** The temp folder; also the state dir `remote` keeps its known_hosts in. */
  readonly dir: string;
  /** A test that needs this lab: run where the lab can run, reported as skipped where it cannot. */
  test(name: string, fn: () => Promise<void> | void, timeout?: number): void;
  /** Clean-up on the VPS after the file's tests: runs before `remote` closes, and only if the target was reached. */
  afterAll(fn: () => Promise<unknown>): void;
}

export function labSuite(options: LabSuiteOptions): LabSuite {
  let target: LabTarget | undefined;
  let remote: Remote | undefined;
  let dir: string | undefined;
  const cleanUps: Array<() => Promise<unknown>> = [];

  if (!labCanRunHere) {
    process.stderr.write(`\nlab tests skipped (${options.name}): not root on Linux, or MAILSETUP_LAB=off\n`);
  } else {
    beforeAll(async () => {
      if (options.cli && !haveCli()) throw new Error(`${CLI} is missing: build it with \`npx tsc\` first`);
      target = await upTarget(securityOs());
      if (options.fresh) {
        await labReset({ os: [target.os] });
        target = await upTarget(target.os);
      }
      dir = mkdtempSync(join(tmpdir(), `mailsetup-${options.name}-`));
      if (options.connect !== false) remote = await connectLab(target, dir);
    }, options.fresh ? 300_000 : 60_000);

    afterAll(async () => {
      try {
        if (target) for (const cleanUp of cleanUps) await cleanUp();
      } finally {
        await remote?.close();
        if (dir) rmSync(dir, { recursive: true, force: true });
      }
    });
  }

  return {
    get target() {
      return made(target, 'target');
    },
    get remote() {
      return made(remote, options.connect === false ? 'remote (this suite has connect: false)' : 'remote');
    },
    get dir() {
      return made(dir, 'dir');
    },
    test(name, fn, timeout = options.testTimeout) {
      (labCanRunHere ? test : test.skip)(name, async () => fn(), timeout);
    },
    afterAll(fn) {
      cleanUps.push(fn);
    },
  };
}

/** labTarget, which throws where the lab can run but is not up; the null it types can then not happen. */
async function upTarget(os: LabOs): Promise<LabTarget> {
  const target = await labTarget(os);
  if (!target) throw new Error(`the lab's ${os} VPS is not up: run \`mailsetup lab up\``);
  return target;
}

function made<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`the lab suite's ${what} is not there: its set-up failed or did not run`);
  return value;
}
