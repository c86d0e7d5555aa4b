// The contract between the steps and the SSH engine. Steps never see ssh2:
// they get a `Remote`, which the engine implements over one SSH connection
// and which `--dry-run` implements by recording instead of running.
import type { Raw } from './quote.js';
import { serverLine } from './server-text.js';

export type OutputStream = 'stdout' | 'stderr';

export interface ExecOptions {
  /** Data for the command's stdin (how secrets reach the server: never argv). */
  stdin?: string | Buffer;
  /** Called for every complete output line, e.g. to feed a listr2 task's output. */
  onLine?: (line: string, stream: OutputStream) => void;
  /** Resolve with the non-zero code instead of throwing RemoteCommandError. */
  allowFailure?: boolean;
  /** Kill the command after this long. */
  timeoutMs?: number;
  /** Values to mask in errors and logs (passwords that might be echoed). */
  redact?: string[];
  /** True for commands that only read; `--dry-run` still runs them. */
  readOnly?: boolean;
  /**
   * A quick read that may run in one shell, one after another, with the
   * other such commands asked for in the same instant (a server process
   * fewer each: batch-script.ts). Only for a command that ends with
   * `return`, never `exit`, sets every variable it reads, and waits on no
   * network: a connect or a download would hold back the ones after it.
   * Shared only with a timeout: the shell keeps the latest of its commands'.
   */
  sharesShell?: boolean;
}

export interface ExecResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface WriteOptions {
  /** Octal mode of the new file, e.g. 0o600. Default: keep the old file's mode, else 0o644. */
  mode?: number;
  /** `user:group` for the new file. Default: keep the old file's owner, else root. */
  owner?: string;
  /** Keep a timestamped copy of the replaced file (`FILE.mailsetup-YYYYmmddTHHMMSS.bak`). Default true. */
  backup?: boolean;
  /**
   * Create the file's folder (and its parents) when missing, in the same
   * command: `true` makes it 0755, a number is its mode (0o700 for a folder of
   * secrets). A folder that exists is left as it is. Default false.
   */
  makeParent?: boolean | number;
}

export interface WriteResult {
  /** False when the file already had exactly this content (nothing written, no backup). */
  changed: boolean;
  backupPath?: string;
}

export interface OsInfo {
  id: string; // ubuntu | debian
  versionId: string; // 22.04 | 12
  prettyName: string;
  codename?: string;
  supported: boolean;
}

export interface Remote {
  /** `user@host:port` for messages. */
  readonly target: string;
  /** True when the login user is not root and commands go through sudo. */
  readonly usesSudo: boolean;
  /** Run a shell command built with `sh` (values quoted) as root (through sudo when needed). */
  exec(command: Raw, options?: ExecOptions): Promise<ExecResult>;
  /** Read a file; null when it does not exist. */
  readFile(path: string): Promise<Buffer | null>;
  /** Write atomically (temp file + rename) with a timestamped backup of what it replaces. */
  writeFile(path: string, content: string | Buffer, options?: WriteOptions): Promise<WriteResult>;
  /** Number of commands run so far (for the benchmark and the dry-run listing). */
  readonly commandCount: number;
  close(): Promise<void>;
}

/** Raised when a remote command exits non-zero; carries what the user needs to see. */
export class RemoteCommandError extends Error {
  /** The command's last output lines, made safe to show (server-text.ts): they come from the server. */
  readonly lastLines: string[];

  constructor(
    readonly command: string,
    readonly code: number,
    lastLines: string[],
  ) {
    const shown = lastLines.map((l) => serverLine(l));
    super(`remote command failed (exit ${code}): ${serverLine(command)}\n${shown.map((l) => `  | ${l}`).join('\n')}`);
    this.lastLines = shown;
    this.name = 'RemoteCommandError';
  }
}
