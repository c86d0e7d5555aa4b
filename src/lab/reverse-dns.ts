// The lab as the VPS's hosting provider: what its rDNS panel does, setting
// the PTR of a VPS address. Needed where the records go through a DNS
// provider (PowerDNS) that does not hold the reverse zones, as at a real
// host. TSIG-signed like any other update of the lab DNS.
import { labConfig } from './config.js';
import { reverseName } from './addr.js';
import { nsupdate } from './dns.js';
import { secretPaths } from './secrets.js';

export async function setLabPtr(ips: string[], name: string, opts: { instance?: number; stateDir?: string } = {}): Promise<void> {
  const cfg = labConfig(opts);
  // One update per address: the IPv4 and IPv6 names live in different zones.
  for (const ip of ips) {
    await nsupdate(cfg, secretPaths(cfg).tsigKeyFile, [`update delete ${reverseName(ip)} PTR`, `update add ${reverseName(ip)} 60 PTR ${name}.`]);
  }
}
