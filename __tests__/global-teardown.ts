// Jest global teardown: take the lab down again if this run brought it up
// (MAILSETUP_LAB_KEEP=1 keeps it for the next run).
import { loadLab } from './lab/load-lab.mjs';

export default async function globalTeardown(): Promise<void> {
  if (!globalThis.__mailsetupLabStartedByJest || process.env.MAILSETUP_LAB_KEEP === '1') return;
  const { labDown } = await loadLab();
  await labDown();
}
