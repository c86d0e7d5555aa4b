// Starts a real bind9 `named` on 127.0.0.1 with a free port, serving the
// zones a test gives it, with TSIG-protected dynamic updates. Everything
// lives in a temp dir that stop() removes.
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { createSocket } from 'node:dgram';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface NamedKey {
  name: string;
  algorithm: string;
  secret: string;
}

export interface RunningNamed {
  port: number;
  /** `127.0.0.1:PORT`, for createResolver({ server }). */
  server: string;
  key: NamedKey;
  dir: string;
  stop(): Promise<void>;
}

/** A port free for both TCP and UDP on 127.0.0.1. */
export async function freePort(): Promise<number> {
  for (let attempt = 0; attempt < 20; attempt++) {
    const port = await new Promise<number>((resolve, reject) => {
      const srv = createServer();
      srv.once('error', reject);
      srv.listen(0, '127.0.0.1', () => {
        const p = (srv.address() as { port: number }).port;
        srv.close(() => resolve(p));
      });
    });
    const udpFree = await new Promise<boolean>((resolve) => {
      const sock = createSocket('udp4');
      sock.once('error', () => resolve(false));
      sock.bind(port, '127.0.0.1', () => sock.close(() => resolve(true)));
    });
    if (udpFree) return port;
  }
  throw new Error('no free port for named');
}

export function generateKey(name: string, algorithm = 'hmac-sha256'): NamedKey {
  const text = execFileSync('tsig-keygen', ['-a', algorithm, name], { encoding: 'utf8' });
  const secret = /secret\s+"([^"]+)"/.exec(text)![1]!;
  return { name, algorithm, secret };
}

/** Zone files get a default SOA/NS header; pass only the records. */
export function zoneFile(origin: string, body: string): string {
  return [
    `$ORIGIN ${origin}.`,
    '$TTL 300',
    `@ IN SOA ns1.${origin}. hostmaster.${origin}. 1 3600 600 86400 300`,
    `@ IN NS ns1.${origin}.`,
    `ns1 IN A 127.0.0.1`,
    body,
    '',
  ].join('\n');
}

export async function startNamed(zones: Record<string, string>, options: { algorithm?: string } = {}): Promise<RunningNamed> {
  const dir = mkdtempSync(join(tmpdir(), 'mailsetup-named-'));
  const port = await freePort();
  const key = generateKey('mailsetup-test-key', options.algorithm);
  const zoneConf = Object.entries(zones).map(([origin, body]) => {
    const file = join(dir, `${origin}.zone`);
    writeFileSync(file, zoneFile(origin, body));
    return `zone "${origin}" { type primary; file "${file}"; allow-update { key "${key.name}"; }; };`;
  });
  const conf = join(dir, 'named.conf');
  writeFileSync(conf, [
    `options {`,
    `  directory "${dir}";`,
    `  pid-file "${join(dir, 'named.pid')}";`,
    `  session-keyfile "${join(dir, 'session.key')}";`,
    `  managed-keys-directory "${dir}";`,
    `  listen-on port ${port} { 127.0.0.1; };`,
    `  listen-on-v6 { none; };`,
    `  recursion no;`,
    `  dnssec-validation no;`,
    `  allow-query { any; };`,
    `};`,
    `controls { };`,
    `key "${key.name}" { algorithm ${key.algorithm}; secret "${key.secret}"; };`,
    ...zoneConf,
    '',
  ].join('\n'));
  const child: ChildProcess = spawn('named', ['-g', '-4', '-c', conf, '-p', String(port)], { stdio: ['ignore', 'ignore', 'pipe'] });
  let log = '';
  const ready = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`named did not start:\n${log}`));
    }, 15000);
    child.stderr!.on('data', (d: Buffer) => {
      log += d.toString();
      if (/\d running\s*$/m.test(log)) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`named exited (${code}):\n${log}`));
    });
  });
  try {
    await ready;
  } catch (err) {
    rmSync(dir, { recursive: true, force: true });
    throw err;
  }
  child.stderr!.removeAllListeners('data');
  child.stderr!.resume();
  return {
    port,
    server: `127.0.0.1:${port}`,
    key,
    dir,
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        let timer: NodeJS.Timeout | undefined;
        await Promise.race([exited, new Promise((r) => (timer = setTimeout(r, 5000)))]);
        clearTimeout(timer);
        if (child.exitCode === null) child.kill('SIGKILL');
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
