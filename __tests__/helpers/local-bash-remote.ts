// A Remote whose commands run in a local bash: for tests of the shell that
// mailsetup sends, without a server. `rewrite` moves server paths to
// temporary ones; readFile and writeFile are not offered.
import { execFile } from 'node:child_process';
import type { Raw } from '../../src/remote/quote.js';
import type { ExecResult, Remote } from '../../src/remote/types.js';

export function localBashRemote(rewrite: (command: string) => string = (c) => c): Remote {
  return {
    exec: (command: Raw) => new Promise<ExecResult>((resolve) => {
      execFile('bash', ['-c', rewrite(command.text)], (error, stdout, stderr) =>
        // Killed by a signal, error.code is null: that is a failure too, never exit 0.
        resolve({ code: error ? (typeof error.code === 'number' ? error.code : 128) : 0, stdout, stderr }));
    }),
  } as unknown as Remote;
}
