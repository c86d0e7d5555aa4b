// lab up / reset / down: the order in which the pieces start and stop.
import { lookup } from 'node:dns/promises';
import { mkdir, readFile, rm, rmdir } from 'node:fs/promises';
import { ALL_OS, MIRROR_HOST, infoFile, labConfig, type LabConfig } from './config.js';
import { acmeDown, acmeUp } from './acme.js';
import { dnsDown, dnsUp } from './dns.js';
import { validatingResolverDown, validatingResolverUp } from './dnssec.js';
import { powerdnsApiUrl, powerdnsDown, powerdnsUp } from './powerdns.js';
import { inboxDown, inboxUp } from './inbox.js';
import { buildInfo, describeVps, readLabInfo, writeLabInfo } from './info.js';
import { networkDown, networkUp } from './network.js';
import { checkPlatform, checkTools } from './preflight.js';
import { ensureRootfs } from './rootfs.js';
import { ensureSecrets } from './secrets.js';
import { labExec } from './ssh.js';
import { killMachineProcesses, reapStrayMachines } from './orphans.js';
import { bootVps, createVps, removeVps, vpsDir, vpsExists, vpsRunning } from './vps.js';
import type { LabFlavour, LabInfo, LabOs } from './types.js';
import { vpsFlavour } from './vps-flavour.js';
import { GiveUp, waitFor } from './process.js';

export interface LabOptions {
  os?: LabOs[]; // default: both
  /** What the VPSes look like (flavours.ts); default: what each was made as, else netplan. */
  flavour?: LabFlavour;
  /** Sign the mail domains and run a validating resolver (dnssec.ts); default: as the running DNS does (unsigned when it starts fresh). */
  dnssec?: boolean;
  instance?: number;
  stateDir?: string;
  log?: (line: string) => void;
}

const secondsSince = (t: number) => `${((Date.now() - t) / 1000).toFixed(1)} s`;

async function mirrorIps(): Promise<string[]> {
  // Resolved on the host, where the system resolver works; the VPS gets
  // the answer in its /etc/hosts.
  const all = await lookup(MIRROR_HOST, { all: true, family: 4 });
  return [...new Set(all.map((a) => a.address))];
}

/** Wait until systemd in the VPS has finished booting. */
async function waitBooted(info: LabInfo, os: LabOs): Promise<void> {
  const vps = info.vps[os]!;
  await waitFor(`${os} to finish booting`, 90000, async () => {
    const r = await labExec(vps, 'systemctl is-system-running --wait', { timeoutMs: 60000 });
    const state = String(r.stdout).trim();
    if (state === 'running') return true;
    if (state === 'degraded') {
      const failed = await labExec(vps, 'systemctl --failed --no-legend --plain');
      throw new GiveUp(
        `lab: ${os} booted degraded: ${String(failed.stdout).trim()}` +
          `\n(its errors: mailsetup lab ssh --os ${os} -- journalctl -b -p err; a fresh one: mailsetup lab reset --os ${os})`,
      );
    }
    return false;
  });
}

async function startServices(cfg: LabConfig, log: (l: string) => void, dnssec: boolean | undefined) {
  const secrets = await ensureSecrets(cfg);
  const mirror = await mirrorIps();
  await networkUp(cfg, mirror);
  await powerdnsUp(cfg);
  await dnsUp(cfg, secrets.tsigKeyFile, { dnssec });
  await validatingResolverUp(cfg, secrets.tsigKeyFile);
  await acmeUp(cfg, secrets.caCert);
  await inboxUp(cfg);
  log(`services up: DNS ${cfg.hostIpv4}:53, ACME https://${cfg.hostIpv4}:${cfg.acmePort}/dir, inbox ${cfg.inboxIpv4}:25, PowerDNS API ${powerdnsApiUrl(cfg)}`);
  return { secrets, mirror };
}

async function vpsInfo(cfg: LabConfig, running: LabOs[]): Promise<LabInfo['vps']> {
  const vps: LabInfo['vps'] = {};
  for (const os of running) vps[os] = await describeVps(cfg, os);
  return vps;
}

/** lab.json for the VPSes running now, written and returned. */
async function describeRunning(cfg: LabConfig): Promise<LabInfo> {
  const up: LabOs[] = [];
  for (const os of ALL_OS) if (await vpsRunning(cfg, os)) up.push(os);
  const info = buildInfo(cfg, await vpsInfo(cfg, up));
  await writeLabInfo(cfg, info);
  return info;
}

/** Bring the lab up (idempotent): services, then each requested VPS. */
export async function labUp(opts: LabOptions = {}): Promise<LabInfo> {
  checkPlatform();
  await checkTools();
  const cfg = labConfig(opts);
  const log = opts.log ?? (() => undefined);
  const wanted = opts.os ?? ALL_OS;
  for (const d of [cfg.stateDir, cfg.dir.run]) await mkdir(d, { recursive: true, mode: 0o700 });
  await mkdir(cfg.dir.machines, { recursive: true, mode: 0o700 });
  await reapStrayMachines(cfg, log);

  // The slow part (first time only) overlaps the service start.
  const [{ secrets, mirror }] = await Promise.all([
    startServices(cfg, log, opts.dnssec),
    ...wanted.map((os) => ensureRootfs(os, log)),
  ]);
  const publicKey = await readFile(`${secrets.sshKey}.pub`, 'utf8');
  const makeFresh = async (os: LabOs) => {
    const t0 = Date.now();
    const flavour = opts.flavour ?? (await vpsFlavour(vpsDir(cfg, os)));
    await removeVps(cfg, os);
    await createVps(cfg, os, { publicKey, caCertFile: secrets.caCert, mirrorIps: mirror, flavour, log });
    log(`${os}: fresh ${flavour} VPS made in ${secondsSince(t0)}`);
  };
  // Asked for another flavour than the VPS on disk: that VPS goes.
  for (const os of wanted) {
    if (opts.flavour && vpsExists(cfg, os) && (await vpsFlavour(vpsDir(cfg, os))) !== opts.flavour) await removeVps(cfg, os);
  }
  const booted: LabOs[] = [];
  const fresh = new Set<LabOs>();
  await Promise.all(
    wanted.map(async (os) => {
      if (await vpsRunning(cfg, os)) return;
      booted.push(os);
      const t0 = Date.now();
      // A VPS that exists but is stopped boots as it was (like a reboot).
      if (!vpsExists(cfg, os)) {
        await makeFresh(os);
        fresh.add(os);
      }
      await bootVps(cfg, os);
      log(`${os}: sshd answers ${secondsSince(t0)} after start`);
    }),
  );
  let info = await describeRunning(cfg);
  // Only a VPS booted just now must come up clean; one already running may
  // carry whatever the wizard or a test did to it. One that came back as it
  // was left and cannot boot cleanly is made fresh: the lab never leaves its
  // user stuck with a broken machine.
  const t1 = Date.now();
  const remade: LabOs[] = [];
  await Promise.all(
    booted.map(async (os) => {
      try {
        await waitBooted(info, os);
      } catch (e) {
        if (fresh.has(os) || !(e instanceof GiveUp)) throw e;
        log(`${os}: ${e.message.split('\n')[0]!.replace(/^lab: \S+ /, '')}, as it was left; making it fresh`);
        await makeFresh(os);
        await bootVps(cfg, os);
        remade.push(os);
      }
    }),
  );
  if (remade.length) {
    info = await describeRunning(cfg);
    await Promise.all(remade.map((os) => waitBooted(info, os)));
  }
  if (booted.length) log(`booted (systemd running) ${secondsSince(t1)} after sshd answered`);
  return info;
}

/** A fresh VPS in place of the old one; DNS, ACME and the inbox are kept. */
export async function labReset(opts: LabOptions = {}): Promise<LabInfo> {
  checkPlatform();
  const cfg = labConfig(opts);
  const before = await readLabInfo(opts);
  const targets = opts.os ?? (before ? (Object.keys(before.vps) as LabOs[]) : ALL_OS);
  for (const os of targets) await removeVps(cfg, os);
  return labUp({ ...opts, os: targets });
}

/** Stop and remove everything the lab made except the cached root filesystems. */
export async function labDown(opts: Omit<LabOptions, 'os'> = {}): Promise<void> {
  checkPlatform();
  const cfg = labConfig(opts);
  await reapStrayMachines(cfg);
  await Promise.all(ALL_OS.map((os) => removeVps(cfg, os)));
  // Down means down: no machine of this lab left, whatever state it was in.
  await killMachineProcesses(cfg);
  await inboxDown(cfg);
  await acmeDown(cfg);
  await validatingResolverDown(cfg);
  await dnsDown(cfg);
  await powerdnsDown(cfg);
  await networkDown(cfg);
  // Only what the lab made: MAILSETUP_LAB_DIR may name a directory that
  // holds other things too.
  for (const d of Object.values(cfg.dir)) await rm(d, { recursive: true, force: true });
  await rm(infoFile(cfg), { force: true });
  await rmdir(cfg.stateDir).catch(() => undefined);
}
