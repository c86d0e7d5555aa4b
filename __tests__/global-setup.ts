// Jest global setup: install mailsetup as users get it (the packed package,
// for every test that runs it as a process), then bring the lab up once for
// the whole run (both VPSes, DNS, ACME, inbox). A lab that was already up
// (`mailsetup lab up`) is used as it is and left up afterwards.
import { installPackedCli } from './helpers/packed-cli.mjs';
import { loadLab } from './lab/load-lab.mjs';

declare global {
  // Read by global-teardown.ts (jest shares globals between the two).
  // eslint-disable-next-line no-var
  var __mailsetupLabStartedByJest: boolean | undefined;
}

export default async function globalSetup(): Promise<void> {
  const packStarted = Date.now();
  const bin = await installPackedCli();
  process.stderr.write(`\nmailsetup: packed and installed in ${((Date.now() - packStarted) / 1000).toFixed(1)} s: ${bin}\n`);
  if (process.env.MAILSETUP_LAB === 'off') return;
  // Lab runs forward mail, so the wizard would install a spam filter in every
  // provisioning: 40-60 s each. Only the spam filter's own test file
  // (__tests__/tasks/spam-filter.lab.test.ts) needs one, and it asks for it;
  // the lab's answers read this (src/lab/wizard-answers.ts), in the tests and
  // in the CLI runs they start. Set it yourself to run the suite with a filter.
  process.env.MAILSETUP_LAB_SPAM_FILTER ??= 'none';
  if (process.platform !== 'linux' || process.getuid?.() !== 0) {
    process.stderr.write('\nlab: not Linux or not root: lab tests will be skipped\n');
    return;
  }
  const t0 = Date.now();
  const { describeMissing, labDown, labStatus, labUp, proveHostTools } = await loadLab();
  // Every host tool the suite uses, proved by use before anything starts:
  // a missing feature stops the run in its first seconds, naming the
  // package, instead of failing one deep test minutes later.
  const missing = describeMissing(await proveHostTools('all'));
  if (missing) throw new Error(`\n${missing}\n(npm test installs them itself when run as root on Debian: scripts/ensure-host-packages.sh)`);
  process.stderr.write(`\nhost tools: all proved in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  const before = await labStatus();
  const log = (l: string) => process.stderr.write(`\nlab: ${l}`);
  // A lab that is not running may still have left VPSes on disk (a session
  // ended, a machine restarted): they would boot "as they were", with
  // whatever an earlier run did to them. A test run starts from fresh ones.
  if (!before.up) await labDown();
  await labUp({ log });
  globalThis.__mailsetupLabStartedByJest = !before.up;
  process.stderr.write(`\nlab: up in ${((Date.now() - t0) / 1000).toFixed(1)} s\n`);
}
