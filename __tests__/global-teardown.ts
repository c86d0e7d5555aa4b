// Jest global teardown: remove the packed install, and take the lab down
// again if this run brought it up (MAILSETUP_LAB_KEEP=1 keeps it for the next run).
import { removePackedCli } from './helpers/packed-cli.mjs';
import { loadLab } from './lab/load-lab.mjs';

// Lab instances that test files bring up for themselves (the day-two tests
// share one across files); nothing else uses them, so they always go.
const TEST_INSTANCES = [3];

export default async function globalTeardown(): Promise<void> {
  await removePackedCli();
  if (process.env.MAILSETUP_LAB === 'off' || process.env.MAILSETUP_LAB_KEEP === '1') return;
  if (process.platform !== 'linux' || process.getuid?.() !== 0) return;
  const { labDown } = await loadLab();
  for (const instance of TEST_INSTANCES) await labDown({ instance });
  if (globalThis.__mailsetupLabStartedByJest) await labDown();
}
