// The mailsetup program every test that runs it as a process starts: one
// place, so that what those tests run (today the compiled dist/cli.js) is
// chosen once for the whole suite.
import { join } from 'node:path';

export const CLI_ENTRY = join(process.cwd(), 'dist', 'cli.js');
