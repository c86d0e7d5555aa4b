// `Remote` over one live ssh2 connection: every step of a run shares it.
// Commands run as root, directly or through sudo (see command-line.ts);
// secrets only ever travel on stdin and are masked in whatever is reported.
import type { Client } from 'ssh2';
import type { SecretKind } from './connect.js';
import { runOnChannel, type ChannelRun } from './channel.js';
import { ChannelLimit, refusedOpenRetried } from './channel-limit.js';
import { atCommandEnd, crashPointFromEnv } from './crash-point.js';
import { commandLine, TIMEOUT_EXIT, type Privilege } from './command-line.js';
import { ConnectionLostError, SudoError } from './errors.js';
import { sh, type Raw } from './quote.js';
import { redact } from './redact.js';
import { serverLine } from './server-text.js';
import { RemoteCommandError, type ExecOptions, type ExecResult, type Remote, type WriteOptions, type WriteResult } from './types.js';
import { backupStamp, writeScript } from './write-script.js';
import { BatchLostError, CommandBatcher } from './batcher.js';

export interface SshRemoteInit {
  client: Client;
  target: string;
  /** True when the login user's uid is not 0. */
  usesSudo: boolean;
  /** The SSH authentication banner, if the server sent one (installer images greet there). */
  banner?: string;
  /** The host key's fingerprint as verified at the handshake (SHA256:…), shown before anything is changed. */
  hostKey?: string;
  /** The login password, tried for sudo before asking. */
  loginPassword?: string;
  askSecret?: (prompt: string, kind: SecretKind) => Promise<string>;
}

const MISSING_EXIT = 100;


export class SshRemote implements Remote {
  readonly target: string;
  readonly usesSudo: boolean;
  readonly banner?: string;
  readonly hostKey?: string;
  private count = 0;
  private privilege?: Promise<Privilege>;
  private sudoPassword?: string;

  private lost?: string;
  private readonly crashPoint = crashPointFromEnv();
  /** Steps and checks run side by side over this one connection: see channel-limit.ts. */
  private readonly channels = new ChannelLimit();
  /** Commands asked for in the same instant share one channel (batcher.ts). */
  private readonly batcher = new CommandBatcher({
    runBatch: (script, stdin, onStdout) => this.runAsRoot(script, { stdin }, onStdout),
    runAlone: (c) => this.runAsRoot(c.text, { timeoutMs: c.timeoutMs, stdin: c.stdin }),
  });

  constructor(private readonly init: SshRemoteInit) {
    this.target = init.target;
    this.usesSudo = init.usesSudo;
    this.banner = init.banner;
    this.hostKey = init.hostKey;
    init.client.on('close', () => (this.lost ??= 'closed'));
    init.client.on('error', (err: Error) => (this.lost ??= err.message));
  }

  /** Open a channel, turning a dead link into an error that says what to do. */
  private async channel(line: string, options: Parameters<typeof runOnChannel>[2]): Promise<ChannelRun> {
    return this.channels.run(async () => {
      if (this.lost) throw new ConnectionLostError(this.target, this.lost);
      this.count++;
      try {
        return await refusedOpenRetried(() => runOnChannel(this.init.client, line, options));
      } catch (error) {
        if (this.lost) throw new ConnectionLostError(this.target, this.lost);
        throw new Error(`${this.target}: cannot start a remote command: ${(error as Error).message}`);
      }
    });
  }

  get commandCount(): number {
    return this.count;
  }

  /** Secrets this connection knows, masked in every message. */
  private secrets(extra: string[] = []): string[] {
    return [...extra, this.sudoPassword ?? '', this.init.loginPassword ?? ''];
  }

  /** Run a command line exactly as given (no sudo, no wrapping): probes only. */
  private async runPlain(line: string, stdin?: Buffer): Promise<ChannelRun> {
    return this.channel(line, { stdin });
  }

  /** How commands get root; settled once per connection (sudo password asked at most once). */
  ensurePrivilege(): Promise<Privilege> {
    this.privilege ??= this.settlePrivilege();
    return this.privilege;
  }

  private async settlePrivilege(): Promise<Privilege> {
    if (!this.usesSudo) return 'root';
    const probe = await this.runPlain('sudo -n true');
    if (probe.code === 0) return 'sudo-nopasswd';
    if (probe.code === 127) throw new SudoError(this.target, 'sudo is not installed');
    const candidates: Array<() => Promise<string | undefined>> = [];
    if (this.init.loginPassword) candidates.push(async () => this.init.loginPassword);
    for (let i = 0; i < 3 && this.init.askSecret; i++) {
      candidates.push(() => this.init.askSecret!(`sudo password for ${this.target}:`, 'sudo'));
    }
    for (const candidate of candidates) {
      const password = await candidate();
      if (password === undefined) continue;
      const check = await this.runPlain("sudo -S -k -p '' true", Buffer.from(`${password}\n`));
      if (check.code === 0) {
        this.sudoPassword = password;
        return 'sudo-password';
      }
      const said = check.stderr.toString('utf8');
      if (/not in the sudoers|not allowed to/i.test(said)) {
        throw new SudoError(this.target, redact(said.trim().split('\n').pop() ?? '', [password]));
      }
    }
    throw new SudoError(this.target, this.init.askSecret ? 'the sudo password was not accepted' : 'a password is needed and none can be asked');
  }

  /** Run as root with sudo handled; returns raw buffers. */
  private async runAsRoot(command: string, options: ExecOptions = {}, onStdout?: (chunk: Buffer) => void): Promise<ChannelRun> {
    const privilege = await this.ensurePrivilege();
    const secrets = this.secrets(options.redact);
    const userStdin = options.stdin === undefined ? undefined : Buffer.from(options.stdin);
    const stdin =
      privilege === 'sudo-password'
        ? Buffer.concat([Buffer.from(`${this.sudoPassword}\n`), userStdin ?? Buffer.alloc(0)])
        : userStdin;
    const onLine = options.onLine;
    return this.channel(commandLine(command, privilege, options.timeoutMs), {
      stdin,
      timeoutMs: options.timeoutMs,
      onStdout,
      // Masked first (a secret is matched as sent), then made safe to show: the line is the server's.
      onLine: onLine ? (line, stream) => onLine(serverLine(redact(line, secrets)), stream) : undefined,
    });
  }

  /**
   * A channel that closed without an exit status usually means the link
   * dropped; the client says so a moment later. Wait briefly for that, so
   * the user reads "connection lost, run again" rather than "exit 255".
   */
  private async lostAfter(run: ChannelRun): Promise<string | undefined> {
    if (run.exited || run.timedOut) return undefined;
    for (let i = 0; i < 20 && !this.lost; i++) await new Promise((r) => setTimeout(r, 100));
    return this.lost;
  }

  /** After every command, read or write: the crash point, and a dropped link said as such. */
  private async ended(run: ChannelRun, what: string): Promise<void> {
    this.commandEnded(what);
    const lost = await this.lostAfter(run);
    if (lost) throw new ConnectionLostError(this.target, lost);
  }

  /** The test-only crash point (crash-point.ts), checked as each remote command returns. */
  private commandEnded(what: string): void {
    atCommandEnd(this.crashPoint, this.count, what, () => {
      this.lost ??= 'cut at the crash point';
      (this.init.client as unknown as { _sock?: { destroy(): void } })._sock?.destroy();
      this.init.client.end();
    });
  }

  /**
   * A command without live output joins whatever else is asked for in the
   * same instant. Given stdin, it joins only as a file write (`content`):
   * a command's stdin may be a secret for that command alone (lego's token),
   * kept out of the batch's shared files.
   */
  private async run(command: string, options: ExecOptions, content?: Buffer): Promise<ChannelRun> {
    if (options.stdin !== undefined || options.onLine) return this.runAsRoot(command, options);
    try {
      return await this.batcher.run({ text: command, timeoutMs: options.timeoutMs, stdin: content, sharesShell: options.sharesShell });
    } catch (error) {
      if (error instanceof BatchLostError) {
        for (let i = 0; i < 20 && !this.lost; i++) await new Promise((r) => setTimeout(r, 100));
        if (this.lost) throw new ConnectionLostError(this.target, this.lost);
      }
      throw error;
    }
  }

  async exec(command: Raw, options: ExecOptions = {}): Promise<ExecResult> {
    const run = await this.run(command.text, options);
    await this.ended(run, command.text);
    const timedOut = run.timedOut || (options.timeoutMs !== undefined && run.code === TIMEOUT_EXIT);
    const code = run.timedOut ? TIMEOUT_EXIT : run.code;
    if (code !== 0 && !options.allowFailure) {
      const secrets = this.secrets(options.redact);
      const lines = run.tail.map((l) => redact(l, secrets));
      if (timedOut) lines.push(`(stopped: timed out after ${Math.ceil((options.timeoutMs ?? 0) / 1000)} s)`);
      if (run.signal) lines.push(`(killed by signal ${run.signal})`);
      throw new RemoteCommandError(redact(command.text, secrets), code, lines);
    }
    return { code, stdout: run.stdout.toString('utf8'), stderr: run.stderr.toString('utf8') };
  }

  /** As root, so a sudo user reads root's files too; it joins a batch like any probe. */
  async readFile(path: string): Promise<Buffer | null> {
    const run = await this.run(sh`test -e ${path} || exit ${MISSING_EXIT}; exec cat -- ${path}`.text, {});
    await this.ended(run, path);
    if (run.code === MISSING_EXIT) return null;
    if (run.code !== 0) throw new RemoteCommandError(`read ${path}`, run.code, run.tail);
    return run.stdout;
  }

  /** One remote command per write: the content on stdin, compared and installed on the server (write-script.ts). */
  async writeFile(path: string, content: string | Buffer, options: WriteOptions = {}): Promise<WriteResult> {
    const input = { target: path, stamp: backupStamp(), mode: options.mode, owner: options.owner, backup: options.backup !== false, parentMode: parentMode(options.makeParent) };
    const script = writeScript(input);
    const run = await this.run(script.text, {}, Buffer.from(content));
    await this.ended(run, script.text);
    if (run.code !== 0) throw new RemoteCommandError(`write ${path}`, run.code, run.tail);
    const said = run.stdout.toString('utf8');
    if (said.includes('unchanged\0')) return { changed: false };
    const backupPath = /backup=([^\0]*)\0/.exec(said)?.[1];
    return backupPath ? { changed: true, backupPath } : { changed: true };
  }

  async close(): Promise<void> {
    const client = this.init.client;
    if (this.lost) return;
    this.lost = 'closed by mailsetup';
    await new Promise<void>((resolve) => {
      client.once('close', () => resolve());
      client.end();
      // A dead link may never say 'close'.
      setTimeout(resolve, 2000).unref();
    });
  }
}

/** The mode a write's missing folder is made with (WriteOptions.makeParent). */
const parentMode = (makeParent: WriteOptions['makeParent']): number | undefined =>
  makeParent === true ? 0o755 : typeof makeParent === 'number' ? makeParent : undefined;
