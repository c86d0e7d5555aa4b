// What the lab and the tests ask of this machine's own tools, each proved by
// using the feature itself (swaks' TLS, nsupdate's TSIG, a zone check), not
// by the program merely being on PATH: a tool that is present but lacks a
// feature (swaks without Net::SSLeay) used to fail one deep test ten minutes
// into a run. Each entry names the Debian package that brings the feature,
// so a failure says exactly what to install. The package list that
// scripts/ensure-host-packages.sh installs is assets/lab/host-packages.txt;
// a test holds the two together.
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { POWERDNS_SCHEMA as PDNS_SCHEMA } from './powerdns.js';

export interface HostTool {
  /** The command (or kernel feature) as the suite uses it. */
  name: string;
  /** The Debian package that provides it with the feature used. */
  pkg: string;
  /** What the suite asks of it, in a few words. */
  use: string;
  /** True when `mailsetup lab up` itself needs it (the rest only the tests). */
  lab: boolean;
  /** Resolves when the feature works; throws with what was seen otherwise. */
  prove(dir: string): Promise<void>;
}

const PROBE_TIMEOUT_MS = 10_000;

/** Run a command; fail with its output (cut short) unless `ok` holds. */
async function expectRun(
  file: string,
  args: string[],
  ok: (r: { exitCode: number | undefined; out: string }) => boolean,
  input?: string,
): Promise<void> {
  const r = await execa(file, args, { reject: false, all: true, timeout: PROBE_TIMEOUT_MS, ...(input !== undefined ? { input } : { stdin: 'ignore' }) });
  const out = r.all ?? '';
  if (r.failed && (r as { code?: string }).code === 'ENOENT') throw new Error(`${file}: not found`);
  if (!ok({ exitCode: r.exitCode, out })) {
    const seen = out.trim().split('\n').slice(0, 3).join(' | ').slice(0, 200);
    throw new Error(`${[file, ...args].join(' ')} exited ${r.exitCode ?? r.signal ?? '?'}${seen ? `: ${seen}` : ''}`);
  }
}

const exits0 = (file: string, args: string[]) => () => expectRun(file, args, (r) => r.exitCode === 0);
const exits0With = (file: string, args: string[], text: RegExp) => () =>
  expectRun(file, args, (r) => r.exitCode === 0 && text.test(r.out));

const ZONE = '$TTL 60\n@ IN SOA ns1 hostmaster 1 60 60 60 60\n@ IN NS ns1\nns1 IN A 127.0.0.1\n';
// A syntactically valid hmac-sha256 secret (base64 of 32 bytes); it signs nothing.
const PROBE_SECRET = Buffer.alloc(32, 7).toString('base64');

async function fileExists(file: string, what: string): Promise<void> {
  if (!existsSync(file)) throw new Error(`${file} missing (${what})`);
}

async function kernelHas(fsOrModule: string, file: string): Promise<void> {
  const text = await readFile(file, 'utf8').catch(() => '');
  if (!text.includes(fsOrModule)) throw new Error(`${fsOrModule} not in ${file}: try modprobe ${fsOrModule}`);
}

export const HOST_TOOLS: HostTool[] = [
  { name: 'debootstrap', pkg: 'debootstrap', lab: true, use: 'builds the VPS root filesystems', prove: exits0('debootstrap', ['--version']) },
  {
    name: 'debian-archive-keyring', pkg: 'debian-archive-keyring', lab: true, use: "debootstrap checks the mirror's signatures",
    prove: () => fileExists('/usr/share/keyrings/debian-archive-keyring.gpg', 'the Debian archive keys'),
  },
  { name: 'gpgv', pkg: 'gpgv', lab: true, use: 'debootstrap verifies Release files', prove: exits0('gpgv', ['--version']) },
  { name: 'systemd-nspawn', pkg: 'systemd-container', lab: true, use: 'boots each VPS with systemd', prove: exits0('systemd-nspawn', ['--version']) },
  { name: 'overlay', pkg: '(kernel)', lab: true, use: 'each VPS is an overlay on the cached root', prove: () => kernelHas('overlay', '/proc/filesystems') },
  { name: 'named', pkg: 'bind9', lab: true, use: 'the lab DNS (zones with TSIG updates)', prove: exits0('named', ['-v']) },
  { name: 'named-checkconf', pkg: 'bind9-utils', lab: true, use: "checks the lab DNS's configuration", prove: exits0('named-checkconf', ['-v']) },
  {
    name: 'named-checkzone', pkg: 'bind9-utils', lab: false, use: 'checks zone snippets',
    prove: async (dir) => {
      const zone = path.join(dir, 'probe.zone');
      await writeFile(zone, ZONE);
      await expectRun('named-checkzone', ['probe.test', zone], (r) => r.exitCode === 0 && /\bOK\b/.test(r.out));
    },
  },
  {
    name: 'named-compilezone', pkg: 'bind9-utils', lab: false, use: 'reads zone snippets into records',
    prove: async (dir) => {
      const zone = path.join(dir, 'compile.zone');
      await writeFile(zone, ZONE);
      await expectRun('named-compilezone', ['-q', '-o', '-', 'probe.test', zone], (r) => r.exitCode === 0 && /\bSOA\b/.test(r.out));
    },
  },
  {
    name: 'dnssec-dsfromkey', pkg: 'bind9-utils', lab: true, use: "the DS of each signed lab zone (lab up --dnssec)",
    // Key tag 1942 and this digest: the DS a parent needs for this key-signing key.
    prove: () => expectRun('dnssec-dsfromkey', ['-2', '-f', '-', 'probe.test'], (r) => r.exitCode === 0 && / IN DS 1942 13 2 4FE7CFB6A29A4CD7/.test(r.out),
      'probe.test. 60 IN DNSKEY 257 3 13 R6r5ZIuT3g4XdvoWPfKS1xpfN+g9y7xuYf7izkNyj3nc6sy+UA1rwdQb UxPiqKUpISPqkxXTqOsM0HD/v8v1uQ==\n'),
  },
  { name: 'tsig-keygen', pkg: 'bind9', lab: true, use: "makes the lab DNS's TSIG key", prove: exits0With('tsig-keygen', ['-a', 'hmac-sha256', 'probe'], /secret "/) },
  {
    name: 'nsupdate', pkg: 'bind9-dnsutils', lab: true, use: 'sends TSIG-signed updates (RFC 2136)',
    // A valid key is accepted and the update built; the key parse is what fails without TSIG support.
    prove: () => expectRun('nsupdate', ['-y', `hmac-sha256:probe:${PROBE_SECRET}`], (r) => r.exitCode === 0 && /UPDATE SECTION/.test(r.out),
      'zone probe.test\nupdate add a.probe.test 60 A 127.0.0.1\nshow\n'),
  },
  { name: 'dig', pkg: 'bind9-dnsutils', lab: true, use: 'queries the lab DNS', prove: exits0With('dig', ['-v'], /DiG/) },
  { name: 'sqlite3', pkg: 'sqlite3', lab: true, use: "makes the lab PowerDNS's database", prove: () => expectRun('sqlite3', [':memory:'], (r) => r.exitCode === 0 && /^42$/m.test(r.out), 'select 42;\n') },
  {
    name: 'pdns_server', pkg: 'pdns-server', lab: true, use: 'the lab PowerDNS (a DNS host with an HTTP API)',
    prove: exits0With('pdns_server', ['--no-config', '--config=default'], /^# api=/m),
  },
  {
    name: 'pdns gsqlite3', pkg: 'pdns-backend-sqlite3', lab: true, use: "the lab PowerDNS's sqlite3 backend",
    // The backend loads, reads a database made from its schema and writes a zone into it.
    prove: async (dir) => {
      const db = path.join(dir, 'pdns.sqlite3');
      await expectRun('sqlite3', [db], (r) => r.exitCode === 0, await readFile(PDNS_SCHEMA, 'utf8').catch(() => { throw new Error(`${PDNS_SCHEMA} missing`); }));
      await writeFile(path.join(dir, 'pdns.conf'), `launch=gsqlite3\ngsqlite3-database=${db}\n`);
      await expectRun('pdnsutil', [`--config-dir=${dir}`, 'create-zone', 'probe.test', 'ns1.probe.test'], (r) => r.exitCode === 0);
      await expectRun('pdnsutil', [`--config-dir=${dir}`, 'list-zone', 'probe.test'], (r) => r.exitCode === 0 && /ns1\.probe\.test/.test(r.out));
    },
  },
  { name: 'pebble', pkg: 'pebble', lab: true, use: 'the ACME server that really validates DNS-01', prove: () => expectRun('pebble', ['-h'], (r) => /-dnsserver/.test(r.out)) },
  { name: 'lego', pkg: 'lego', lab: false, use: 'issues certificates through RFC 2136 in the lab tests', prove: exits0With('lego', ['dnshelp', '-c', 'rfc2136'], /RFC2136_NAMESERVER/) },
  { name: 'swaks', pkg: 'swaks', lab: false, use: 'sends test mail', prove: exits0('swaks', ['--version']) },
  { name: 'swaks -tls', pkg: 'libnet-ssleay-perl', lab: false, use: 'sends test mail over STARTTLS', prove: () => expectRun('swaks', ['--support'], (r) => /^=== TLS supported/m.test(r.out)) },
  { name: 'sshd', pkg: 'openssh-server', lab: false, use: 'the SSH server of the connection tests', prove: () => fileExists('/usr/sbin/sshd', 'the OpenSSH server') },
  { name: 'ssh', pkg: 'openssh-client', lab: true, use: 'reaches the lab VPSes', prove: exits0('ssh', ['-V']) },
  {
    name: 'ssh-keygen', pkg: 'openssh-client', lab: true, use: 'makes ed25519 keys',
    prove: (dir) => exits0('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'probe', '-f', path.join(dir, 'id_probe')])(),
  },
  { name: 'ssh-agent', pkg: 'openssh-client', lab: false, use: 'agent authentication tests', prove: () => fileExists('/usr/bin/ssh-agent', 'the SSH agent') },
  { name: 'nft', pkg: 'nftables', lab: true, use: "the lab's NAT and filter rules", prove: exits0('nft', ['list', 'tables']) },
  { name: 'ip', pkg: 'iproute2', lab: true, use: "the lab's bridge and addresses", prove: exits0('ip', ['-V']) },
  { name: 'openssl', pkg: 'openssl', lab: true, use: "the lab CA and certificate checks", prove: exits0('openssl', ['version']) },
  { name: 'ca-certificates', pkg: 'ca-certificates', lab: true, use: 'a trust store for the VPSes', prove: () => fileExists('/etc/ssl/certs', 'the trust store') },
  {
    name: 'tmux', pkg: 'tmux', lab: false, use: 'drives the wizard as a person would',
    prove: async () => {
      const socket = `mailsetup-probe-${process.pid}`;
      try {
        await expectRun('tmux', ['-L', socket, 'new-session', '-d', '-x', '80', '-y', '24', 'sleep 5'], (r) => r.exitCode === 0);
        await expectRun('tmux', ['-L', socket, 'capture-pane', '-p'], (r) => r.exitCode === 0);
      } finally {
        await execa('tmux', ['-L', socket, 'kill-server'], { reject: false });
      }
    },
  },
  { name: 'sudo', pkg: 'sudo', lab: false, use: 'the password-sudo login tests', prove: exits0('sudo', ['-V']) },
  { name: 'visudo', pkg: 'sudo', lab: false, use: 'checks the test sudoers file', prove: exits0('visudo', ['-V']) },
  { name: 'git', pkg: 'git', lab: false, use: 'the local backup repository', prove: exits0('git', ['--version']) },
  { name: 'mawk', pkg: 'mawk', lab: false, use: "runs the watch's DNS reader in Debian's default awk", prove: exits0With('mawk', ['-W', 'version'], /mawk/) },
];

export interface ToolResult {
  tool: HostTool;
  error?: string;
}

/** Prove each tool (the lab's only, or all), side by side. */
export async function proveHostTools(which: 'lab' | 'all' = 'all'): Promise<ToolResult[]> {
  const dir = await mkdtemp(path.join(tmpdir(), 'mailsetup-tools-'));
  try {
    const tools = HOST_TOOLS.filter((t) => which === 'all' || t.lab);
    return await Promise.all(
      tools.map(async (tool) => {
        try {
          await tool.prove(dir);
          return { tool };
        } catch (e) {
          return { tool, error: e instanceof Error ? e.message : String(e) };
        }
      }),
    );
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** One message naming each missing feature and the packages that bring them; null when all hold. */
export function describeMissing(results: ToolResult[]): string | null {
  const failed = results.filter((r) => r.error);
  if (!failed.length) return null;
  const lines = failed.map((r) => `  ${r.tool.name} (${r.tool.use}): ${r.error}; package ${r.tool.pkg}`);
  const pkgs = [...new Set(failed.map((r) => r.tool.pkg).filter((p) => !p.startsWith('(')))];
  const fix = pkgs.length ? `\nfix: apt-get install -y --no-install-recommends ${pkgs.join(' ')}` : '';
  return `this machine lacks what the lab and tests need:\n${lines.join('\n')}${fix}`;
}
