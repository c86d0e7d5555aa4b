// Opening THE connection of a run: resolve the host through ~/.ssh/config,
// verify its key, log in, and find out whether commands need sudo. Everything
// the user must answer (host key, passphrase, passwords) goes through `io`,
// so the Ink wizard and the plain prompts ask in their own way.
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
// ssh2 is CommonJS: Node's ESM loader only offers its default export.
import ssh2 from 'ssh2';
import { makeAuthHandler } from './auth.js';
import { runOnChannel } from './channel.js';
import { AuthenticationError } from './errors.js';
import { notSshMessage } from './not-ssh.js';
import { knownKeyTypes, verifyHostKey, type HostKeyPolicy } from './host-key.js';
import { fingerprint } from './fingerprint.js';
import { readSshConfig } from './ssh-config.js';
import { openSocket } from './socket.js';
import { SshRemote } from './ssh-remote.js';

export interface ConnectIo {
  /** First contact: show the fingerprint, return true to trust and record it. */
  confirmHostKey(fingerprint: string, host: string): Promise<boolean>;
  /**
   * Ask for a password or passphrase without echo. `kind` says which one,
   * so an answer is never chosen by matching the prompt's text (a user or
   * host name may contain "sudo" or "passphrase").
   */
  askSecret(prompt: string, kind: SecretKind): Promise<string>;
}

/** The SSH login password, a key's passphrase, or the sudo password. */
export type SecretKind = 'password' | 'passphrase' | 'sudo';

export interface ConnectOptions {
  /** An address or a ~/.ssh/config Host alias. */
  host: string;
  port?: number;
  user?: string;
  identityFile?: string;
  /** mailsetup's own known-hosts file (under its state dir). */
  knownHostsFile: string;
  /** `SHA256:...` from the answers file (host.hostKeyFingerprint). */
  pinnedFingerprint?: string;
  /** Unattended: never ask; an unknown host must then be pinned. */
  assumeYes?: boolean;
  io?: Partial<ConnectIo>;
  /** Defaults: ~/.ssh/config, ~/.ssh/known_hosts, $SSH_AUTH_SOCK, os.homedir(). Injectable for tests. */
  sshConfigFile?: string;
  userKnownHostsFile?: string;
  agentSocket?: string | null;
  homeDir?: string;
  connectTimeoutMs?: number;
  readyTimeoutMs?: number;
}

export interface ResolvedTarget {
  host: string;
  port: number;
  user: string;
  identityFiles: string[];
}

/** Apply ~/.ssh/config to what the user typed; explicit options win over the file. */
export function resolveTarget(options: ConnectOptions): ResolvedTarget {
  const home = options.homeDir ?? homedir();
  const config = readSshConfig(options.host, options.sshConfigFile ?? join(home, '.ssh', 'config'), home);
  return {
    host: config.hostName ?? options.host,
    port: options.port ?? config.port ?? 22,
    user: options.user ?? config.user ?? 'root',
    identityFiles: options.identityFile ? [options.identityFile] : config.identityFiles,
  };
}

const PREFERRED_HOST_KEYS = [
  'ssh-ed25519',
  'ecdsa-sha2-nistp256',
  'ecdsa-sha2-nistp384',
  'ecdsa-sha2-nistp521',
  'rsa-sha2-512',
  'rsa-sha2-256',
  'ssh-rsa',
] as const;

/** Ask the server for a key type we already hold for it, as ssh does, so a known host is not mistaken for a changed one. */
function hostKeyOrder(known: string[]): string[] {
  const wanted = (alg: string) => known.includes(alg) || (alg.startsWith('rsa-sha2') && known.includes('ssh-rsa'));
  return [...PREFERRED_HOST_KEYS.filter(wanted), ...PREFERRED_HOST_KEYS.filter((a) => !wanted(a))];
}

export async function connect(options: ConnectOptions): Promise<SshRemote> {
  const home = options.homeDir ?? homedir();
  // ssh skips a missing IdentityFile from its config, but one named on the command line is a typo worth saying.
  if (options.identityFile && !existsSync(options.identityFile)) {
    throw new Error(`the identity file ${options.identityFile} does not exist: check the --identity path`);
  }
  const resolved = resolveTarget(options);
  const target = `${resolved.user}@${resolved.host}${resolved.port === 22 ? '' : `:${resolved.port}`}`;
  const policy: HostKeyPolicy = {
    host: resolved.host,
    port: resolved.port,
    knownHostsFile: options.knownHostsFile,
    readOnlyKnownHostsFiles: [options.userKnownHostsFile ?? join(home, '.ssh', 'known_hosts')],
    pinnedFingerprint: options.pinnedFingerprint,
    assumeYes: options.assumeYes,
    confirmHostKey: options.assumeYes ? undefined : options.io?.confirmHostKey,
  };
  const agentSocket = options.agentSocket === null ? undefined : (options.agentSocket ?? process.env.SSH_AUTH_SOCK);
  // Unattended runs still get secrets through askSecret (the answers file's secrets: section answers it).
  const askSecret = options.io?.askSecret;
  const auth = makeAuthHandler({ user: resolved.user, target, agentSocket, identityFiles: resolved.identityFiles, homeDir: home, askSecret });

  const sock = await openSocket(resolved.host, resolved.port, options.connectTimeoutMs);
  // The peer's first bytes, kept to tell "not SSH" apart when no handshake follows.
  let firstBytes: Buffer | undefined;
  const keepFirst = (chunk: Buffer) => {
    firstBytes = Buffer.concat([firstBytes ?? Buffer.alloc(0), chunk]).subarray(0, 256);
    if (firstBytes.length >= 256 || firstBytes.includes(0x0a)) sock.off('data', keepFirst);
  };
  sock.on('data', keepFirst);
  let handshook = false;
  const client = new ssh2.Client();
  client.once('handshake', () => (handshook = true));
  let hostKeyError: Error | undefined;
  let hostKey: string | undefined;
  let banner: string | undefined;
  await new Promise<void>((resolve, reject) => {
    client.on('banner', (message: string) => {
      banner = (banner ?? '') + message;
    });
    // ssh2 may report a failed handshake twice (a timeout, then the close
    // that follows): the first decides, and a later one must not go
    // unhandled and crash the process.
    let settled = false;
    client.once('ready', () => {
      settled = true;
      resolve();
    });
    client.on('error', (err: Error & { level?: string }) => {
      if (settled) return;
      settled = true;
      sock.destroy();
      if (hostKeyError) reject(hostKeyError);
      else if (err.level === 'client-authentication') reject(new AuthenticationError(target, auth.state.tried, auth.state.askError?.message));
      else reject(new Error((!handshook && notSshMessage(target, resolved.port, firstBytes, err.message)) || `cannot connect to ${target}: ${err.message}`));
    });
    client.connect({
      sock,
      host: resolved.host,
      port: resolved.port,
      username: resolved.user,
      authHandler: auth.handler,
      algorithms: { serverHostKey: hostKeyOrder(knownKeyTypes(policy)) as never },
      hostVerifier: (key: Buffer, verify: (ok: boolean) => void) => {
        verifyHostKey(policy, key).then(
          () => {
            hostKey = fingerprint(key);
            verify(true);
          },
          (err: Error) => {
            hostKeyError = err;
            verify(false);
          },
        );
      },
      keepaliveInterval: 15_000,
      keepaliveCountMax: 4,
      // Interactive: the server's own LoginGraceTime limits the wait for answers.
      readyTimeout: options.readyTimeoutMs ?? (options.assumeYes ? 30_000 : 600_000),
    });
  });
  // Keep-alive failures and resets after login surface on the next command;
  // an unhandled 'error' event must not crash the process meanwhile.
  client.on('error', () => {});

  const id = await runOnChannel(client, 'id -u');
  const uid = id.stdout.toString('utf8').trim();
  return new SshRemote({
    client,
    target,
    usesSudo: uid !== '0',
    banner,
    hostKey,
    loginPassword: auth.state.password,
    askSecret,
  });
}
