// The tests that run mailsetup as a process run what users install: jest's
// global setup bundles the program, packs and installs it into a temp folder
// once per run (scripts/pack-install.mjs), and hands the installed command to
// the test files through MAILSETUP_CLI_ENTRY (read by cli-entry.ts).
// (Plain JavaScript: global setup's imports resolve natively.)
import { buildBundle } from '../../scripts/build-bundle.mjs';
import { packAndInstall, removeInstall } from '../../scripts/pack-install.mjs';

export const CLI_ENTRY_VARIABLE = 'MAILSETUP_CLI_ENTRY';
const DIR_VARIABLE = 'MAILSETUP_PACKED_DIR';

export async function installPackedCli() {
  await buildBundle();
  const { dir, bin } = await packAndInstall();
  process.env[DIR_VARIABLE] = dir;
  process.env[CLI_ENTRY_VARIABLE] = bin;
  return bin;
}

export async function removePackedCli() {
  const dir = process.env[DIR_VARIABLE];
  if (dir) await removeInstall(dir);
}
