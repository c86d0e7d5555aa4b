// Drives mailsetup in a real terminal the way a person does: tmux runs it
// (80x24, its own tmux server socket), send-keys types, capture-pane reads
// the screen. Every distinct screen is kept under .artifacts/terminal/.
import { execa } from 'execa';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

export class Terminal {
  private readonly socket: string;
  private shots = 0;

  constructor(readonly name: string, private readonly artifacts = join(process.cwd(), '.artifacts', 'terminal', name)) {
    this.socket = `mailsetup-test-${name}-${process.pid}`;
  }

  private tmux(args: string[]) {
    return execa('tmux', ['-L', this.socket, ...args], { reject: false });
  }

  /** Start `command` (argv) in a fresh 80x24 terminal; its exit code lands in `file`. */
  async start(command: string[], env: Record<string, string>, rcFile: string): Promise<void> {
    await mkdir(this.artifacts, { recursive: true });
    const quoted = command.map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ');
    const exports = Object.entries(env).map(([k, v]) => `export ${k}='${v.replace(/'/g, `'\\''`)}';`).join(' ');
    // CI=true makes Ink draw only the last frame (it takes the terminal for a
    // log); a person's terminal has no CI variable, so the program runs without it.
    const shell = `cd '${process.cwd()}'; unset CI; ${exports} ${quoted}; echo $? > '${rcFile}'; sleep 600`;
    const started = await this.tmux(['new-session', '-d', '-s', 'main', '-x', '80', '-y', '24', shell]);
    if (started.exitCode !== 0) throw new Error(`tmux did not start: ${started.stderr}`);
  }

  async screen(): Promise<string> {
    return (await this.tmux(['capture-pane', '-p', '-t', 'main'])).stdout;
  }

  async keys(...keys: string[]): Promise<void> {
    for (const key of keys) {
      await this.tmux(['send-keys', '-t', 'main', key]);
      await sleep(150);
    }
  }

  async type(text: string): Promise<void> {
    await this.tmux(['send-keys', '-t', 'main', '-l', text]);
    await sleep(150);
  }

  /** Wait until the screen matches; keeps a capture of it. */
  async waitFor(pattern: RegExp, timeoutMs = 30_000): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    let last = '';
    while (Date.now() < deadline) {
      last = await this.screen();
      if (pattern.test(last)) {
        await this.keep(last);
        return last;
      }
      await sleep(200);
    }
    await this.keep(last, 'timeout');
    throw new Error(`the terminal never showed ${pattern} within ${timeoutMs} ms; last screen:\n${last}`);
  }

  async keep(screen: string, label = ''): Promise<void> {
    this.shots++;
    await writeFile(join(this.artifacts, `${String(this.shots).padStart(2, '0')}${label ? `-${label}` : ''}.txt`), screen);
  }

  async stop(): Promise<void> {
    await this.tmux(['kill-server']);
  }
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The exit code the session's shell wrote to `file` once mailsetup ended (`Terminal.start`'s rc file). */
export async function waitRc(file: string, timeoutMs: number): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const rc = Number((await readFile(file, 'utf8').catch(() => '')).trim() || NaN);
    if (!Number.isNaN(rc)) return rc;
    await sleep(500);
  }
  throw new Error('mailsetup did not exit');
}
