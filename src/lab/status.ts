// `lab status`: what is up, process by process.
import { ALL_OS, labConfig } from './config.js';
import { acmeRunning } from './acme.js';
import { dnsRunning } from './dns.js';
import { inboxRunning } from './inbox.js';
import { powerdnsRunning } from './powerdns.js';
import { readLabInfo } from './info.js';
import { vpsRunning } from './vps.js';
import type { LabInfo, LabOs } from './types.js';

export interface LabStatus {
  up: boolean; // every service and at least one VPS running
  dns: boolean;
  acme: boolean;
  inbox: boolean;
  powerdns: boolean;
  vps: Partial<Record<LabOs, boolean>>;
  info: LabInfo | null;
}

export async function labStatus(opts: { instance?: number; stateDir?: string } = {}): Promise<LabStatus> {
  const cfg = labConfig(opts);
  const vps: LabStatus['vps'] = {};
  for (const os of ALL_OS) vps[os] = await vpsRunning(cfg, os);
  const s = {
    dns: await dnsRunning(cfg),
    acme: await acmeRunning(cfg),
    inbox: await inboxRunning(cfg),
    powerdns: await powerdnsRunning(cfg),
    vps,
    info: await readLabInfo(opts),
  };
  return { up: s.dns && s.acme && s.inbox && s.powerdns && Object.values(vps).some(Boolean) && s.info !== null, ...s };
}
