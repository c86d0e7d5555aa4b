#!/usr/bin/env node
// Entry point: argv -> mode -> exit code. Everything heavy (Ink, React,
// ssh2, listr2) is imported lazily inside the mode that needs it, so
// `--help` and `--version` answer at close to bare-node speed.
import { parseCli, type CliRequest } from './cli/args.js';
import { isDay2Mode } from './cli/day2/options.js';

const EXIT_OK = 0;
/** The run could not start: bad arguments, no terminal, the lab not up. A failed check or step exits 1 from its mode. */
const EXIT_CANNOT_RUN = 2;

/** package.json is one level up from the compiled dist/cli.js, two from the published bundle (dist/bundle/cli.js). */
const PACKAGE_JSON = ['../package.json', '../../package.json'];

async function version(): Promise<string> {
  const { readFile } = await import('node:fs/promises');
  for (const candidate of PACKAGE_JSON) {
    const text = await readFile(new URL(candidate, import.meta.url), 'utf8').catch(() => undefined);
    if (text !== undefined) return (JSON.parse(text) as { version: string }).version;
  }
  throw new Error(`package.json not found beside ${new URL('.', import.meta.url).pathname}`);
}

async function dispatch(request: CliRequest): Promise<number> {
  if (isDay2Mode(request.mode)) {
    // Day-two commands (DAY2_MODES): each one's module is imported only when it runs.
    const { runDay2 } = await import('./cli/day2/dispatch.js');
    return runDay2(request);
  }
  switch (request.mode) {
    case 'help': {
      const { helpText } = await import('./cli/help.js');
      process.stdout.write(helpText());
      return EXIT_OK;
    }
    case 'version':
      process.stdout.write(`${await version()}\n`);
      return EXIT_OK;
    case 'lab': {
      const { runLabCommand } = await import('./lab/index.js');
      return runLabCommand(request.labArgs);
    }
    case 'check': {
      const { checkMode } = await import('./cli/check-mode.js');
      return checkMode(request);
    }
    case 'unattended':
    case 'dry-run': {
      const { unattendedMode } = await import('./cli/unattended-mode.js');
      return unattendedMode(request);
    }
    case 'wizard': {
      if (!process.stdin.isTTY || !process.stdout.isTTY) {
        process.stderr.write(
          'mailsetup: the guided run needs a terminal. Without one, pass an answers file:\n' +
            '  mailsetup --answers answers.yaml --yes\n(see `mailsetup --help` for its keys)\n',
        );
        return EXIT_CANNOT_RUN;
      }
      // React's production build: faster to load and render; set before Ink is imported.
      process.env.NODE_ENV ??= 'production';
      const { wizardMode } = await import('./cli/wizard-mode.js');
      return wizardMode(request);
    }
  }
}

/** Every mode but these reads or writes the state dir. */
const NO_STATE_DIR = new Set(['help', 'version', 'lab']);

async function main(): Promise<void> {
  let code: number;
  try {
    const request = parseCli(process.argv.slice(2));
    if (!NO_STATE_DIR.has(request.mode)) {
      const [{ prepareStateDir }, { defaultStateDir }] = await Promise.all([import('./state/state-dir.js'), import('./state/paths.js')]);
      await prepareStateDir(request.stateDir ?? defaultStateDir());
    }
    code = await dispatch(request);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`mailsetup: ${message}\n`);
    code = EXIT_CANNOT_RUN;
  }
  process.exitCode = code;
}

await main();
