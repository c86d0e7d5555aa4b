// `lab up --dnssec`: once named has signed the zones (dnssec-zones.ts), the
// DS of each mail domain goes into `test.` and a second named starts as a
// validating resolver on the bridge, trusting `test.`'s key. It asks the
// lab's DNS for everything (a static stub for the root: nothing leaves the
// lab) and keeps nothing in its cache, so what a test just changed is what
// the next question sees. Its AD bit is what `dnssec.zone` reports as
// "validated".
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { execa } from 'execa';
import type { LabConfig } from './config.js';
import { dnsSigned, nsupdate } from './dns.js';
import { SIGNED_PARENT, signedMailZones } from './dnssec-zones.js';
import { addAddress } from './network.js';
import { daemonPid, startDaemon, stopDaemon, waitFor } from './process.js';

const DAEMON = 'named-resolver';

const resolverDir = (cfg: LabConfig) => path.join(cfg.dir.dns, 'resolver');
/** `test.`'s key as a trust-anchors statement, for any validator pointed at the lab. */
export const trustAnchorFile = (cfg: LabConfig) => path.join(cfg.dir.dns, 'trust-anchor.conf');

const dig = (cfg: LabConfig, args: string[]) =>
  execa('dig', ['+time=1', '+tries=1', '-p', String(cfg.dnsLoopbackPort), '@127.0.0.1', ...args], { reject: false });

/** The zone's DNSKEY records (dig's answer lines) once named has signed it. */
async function signedKeys(cfg: LabConfig, zone: string): Promise<string> {
  let lines = '';
  await waitFor(`named to sign ${zone}`, 20000, async () => {
    const r = await dig(cfg, ['+noall', '+answer', 'DNSKEY', zone]);
    lines = r.exitCode === 0 ? r.stdout.trim() : '';
    return /\sDNSKEY\s+257\s/.test(lines);
  });
  return lines;
}

/** Each mail domain's DS (SHA-256, by bind's dnssec-dsfromkey) replaces whatever DS `test.` had for it. */
async function publishDs(cfg: LabConfig, tsigKeyFile: string): Promise<void> {
  const updates = [`zone ${SIGNED_PARENT}`];
  for (const zone of signedMailZones()) {
    const keys = await signedKeys(cfg, zone);
    const ds = (await execa('dnssec-dsfromkey', ['-2', '-f', '-', zone], { input: `${keys}\n` })).stdout.trim();
    if (!/ IN DS \d+ \d+ 2 [0-9A-F]+$/.test(ds)) throw new Error(`lab: dnssec-dsfromkey gave no DS for ${zone}: ${ds}`);
    const [owner, , , ...data] = ds.split(/\s+/);
    updates.push(`update delete ${owner} DS`, `update add ${owner} 60 DS ${data.join(' ')}`);
  }
  await nsupdate(cfg, tsigKeyFile, updates);
}

/** `trust-anchors { "test." static-key 257 3 13 "..."; };` from the key named made for `test.`. */
export function trustAnchors(dnskeyAnswer: string): string {
  const keys = dnskeyAnswer.split('\n').map((l) => l.trim().split(/\s+/)).filter((f) => f[3] === 'DNSKEY' && f[4] === '257');
  if (!keys.length) throw new Error('lab: no key-signing key in the DNSKEY answer');
  const lines = keys.map((f) => `  "${f[0]}" static-key ${f[4]} ${f[5]} ${f[6]} "${f.slice(7).join('')}";`);
  return `trust-anchors {\n${lines.join('\n')}\n};\n`;
}

export function resolverConf(cfg: LabConfig, anchors: string): string {
  const d = resolverDir(cfg);
  return `options {
  directory "${d}";
  pid-file none;
  session-keyfile none;
  managed-keys-directory "${d}";
  listen-on port 53 { ${cfg.resolverIpv4}; };
  listen-on-v6 port 53 { ${cfg.resolverIpv6}; };
  recursion yes;
  allow-query { any; };
  allow-recursion { any; };
  dnssec-validation yes;
  max-cache-ttl 0;
  max-ncache-ttl 0;
  // Nor NXDOMAIN made up from cached NSEC ranges (RFC 8198): a name a test
  // just added would stay "missing" for the NSEC's TTL.
  synth-from-dnssec no;
  // The lab's reverse zones are private ranges (10/8, fd00::/8), which a
  // recursive named otherwise answers itself with built-in empty zones.
  empty-zones-enable no;
  notify no;
};
controls { };
logging {
  channel out { stderr; severity info; print-time yes; };
  category default { out; };
  category lame-servers { null; };
};
${anchors}zone "." { type static-stub; server-addresses { ${cfg.hostIpv4}; }; };
`;
}

/** With a signed lab DNS: the DS in place and the validating resolver answering with AD. Idempotent. */
export async function validatingResolverUp(cfg: LabConfig, tsigKeyFile: string): Promise<void> {
  if (!dnsSigned(cfg) || (await daemonPid(cfg, DAEMON))) return;
  await publishDs(cfg, tsigKeyFile);
  const anchors = trustAnchors(await signedKeys(cfg, SIGNED_PARENT));
  await writeFile(trustAnchorFile(cfg), anchors);
  await addAddress(cfg.bridge, `${cfg.resolverIpv4}/24`, false);
  await addAddress(cfg.bridge, `${cfg.resolverIpv6}/64`, true);
  await mkdir(resolverDir(cfg), { recursive: true, mode: 0o755 });
  const conf = path.join(cfg.dir.dns, 'resolver.conf');
  await writeFile(conf, resolverConf(cfg, anchors));
  await execa('named-checkconf', [conf]);
  await startDaemon(cfg, DAEMON, 'named', ['-f', '-c', conf], { marker: conf });
  await waitFor('the lab\'s validating resolver', 20000, async () => {
    const r = await execa('dig', ['+dnssec', '+time=1', '+tries=1', `@${cfg.resolverIpv4}`, 'DNSKEY', signedMailZones()[0]!], { reject: false });
    return r.exitCode === 0 && /;; flags: [^;]*\bad\b/.test(r.stdout);
  });
}

export async function validatingResolverDown(cfg: LabConfig): Promise<void> {
  await stopDaemon(cfg, DAEMON);
}
