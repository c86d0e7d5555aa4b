// List or delist an address on the lab's DNS blocklist (bl.test), so the
// blocklist check can be proven both ways. Updates are TSIG-signed like any
// other program's.
import { BLOCKLIST_ZONE, labConfig } from './config.js';
import { blocklistName } from './addr.js';
import { nsupdate } from './dns.js';
import { secretPaths } from './secrets.js';

type Opts = { instance?: number; stateDir?: string };

export async function listOnBlocklist(ip: string, opts: Opts = {}): Promise<string> {
  const cfg = labConfig(opts);
  const name = blocklistName(ip, BLOCKLIST_ZONE);
  await nsupdate(cfg, secretPaths(cfg).tsigKeyFile, [
    `update delete ${name}`,
    `update add ${name} 60 A 127.0.0.2`,
    `update add ${name} 60 TXT "listed by the mailsetup lab"`,
  ]);
  return name;
}

export async function delistFromBlocklist(ip: string, opts: Opts = {}): Promise<void> {
  const cfg = labConfig(opts);
  await nsupdate(cfg, secretPaths(cfg).tsigKeyFile, [`update delete ${blocklistName(ip, BLOCKLIST_ZONE)}`]);
}
