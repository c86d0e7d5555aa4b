// The mailsetup program every test that runs it as a process starts: one
// place, so that what those tests run is chosen once for the whole suite.
// Under jest's global setup that is the packed package installed into a temp
// folder, as users get it (MAILSETUP_CLI_ENTRY, set by packed-cli.mjs). A
// file run on its own with a no-op global setup falls back to the compiled
// dist/cli.js (build it first: `npx tsc -p tsconfig.json`).
import { join } from 'node:path';

export const CLI_ENTRY = process.env.MAILSETUP_CLI_ENTRY ?? join(process.cwd(), 'dist', 'cli.js');
