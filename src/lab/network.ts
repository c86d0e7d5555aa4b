// The lab's network on the host: one bridge holding the host-side lab
// addresses (DNS, ACME, inbox); each VPS's veth is plugged into it by
// systemd-nspawn --network-bridge (which is --network-veth plus the plug).
// NAT lets the VPSes reach Debian's mirror and nothing else.
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { execa } from 'execa';
import type { LabConfig } from './config.js';

const FORWARD_FILE = '/proc/sys/net/ipv4/ip_forward';
// Host-wide (not per instance): the ip_forward value seen before any lab
// instance turned it on, so the last `lab down` can put it back.
const FORWARD_SAVE = '/run/mailsetup-lab/ip_forward.orig';

async function linkExists(name: string): Promise<boolean> {
  const r = await execa('ip', ['link', 'show', 'dev', name], { reject: false });
  return r.exitCode === 0;
}

export async function labBridges(): Promise<string[]> {
  const { stdout } = await execa('ip', ['-j', 'link', 'show', 'type', 'bridge']);
  const links = JSON.parse(stdout || '[]') as { ifname: string }[];
  return links.map((l) => l.ifname).filter((n) => /^mslab\d{1,2}$/.test(n));
}

export async function addAddress(dev: string, cidr: string, ipv6: boolean): Promise<void> {
  // nodad: the address is usable at once (no duplicate detection wait),
  // so named and the inbox can bind to it right away.
  const args = ipv6 ? ['-6', 'addr', 'replace', cidr, 'dev', dev, 'nodad'] : ['addr', 'replace', cidr, 'dev', dev];
  await execa('ip', args);
}

export async function networkUp(cfg: LabConfig, mirrorIps: string[]): Promise<void> {
  const br = cfg.bridge;
  if (!(await linkExists(br))) {
    await execa('ip', ['link', 'add', br, 'type', 'bridge']);
  }
  // The bridge's own IPv6 must be on even if the host defaults it off.
  await writeFile(`/proc/sys/net/ipv6/conf/${br}/disable_ipv6`, '0').catch(() => undefined);
  await addAddress(br, `${cfg.hostIpv4}/24`, false);
  await addAddress(br, `${cfg.inboxIpv4}/24`, false);
  await addAddress(br, `${cfg.hostIpv6}/64`, true);
  await addAddress(br, `${cfg.inboxIpv6}/64`, true);
  await addAddress(br, `${cfg.powerdnsIpv4}/24`, false);
  await addAddress(br, `${cfg.powerdnsIpv6}/64`, true);
  await execa('ip', ['link', 'set', br, 'up']);

  await mkdir('/run/mailsetup-lab', { recursive: true });
  const forward = (await readFile(FORWARD_FILE, 'utf8')).trim();
  if (!existsSync(FORWARD_SAVE)) await writeFile(FORWARD_SAVE, forward + '\n');
  if (forward !== '1') await writeFile(FORWARD_FILE, '1');

  await writeFile(`${cfg.dir.run}/nft.conf`, nftRules(cfg, mirrorIps));
  // Replace the table as a whole so a second `lab up` is idempotent.
  await execa('nft', ['delete', 'table', 'inet', cfg.nftTable], { reject: false });
  await execa('nft', ['-f', `${cfg.dir.run}/nft.conf`]);
}

/**
 * Only the mirror's addresses (HTTP/HTTPS) are forwarded out of the lab;
 * every other packet from the lab to the outside is dropped, so a VPS can
 * never send mail or anything else past this machine.
 */
export function nftRules(cfg: LabConfig, mirrorIps: string[]): string {
  const v4 = mirrorIps.filter((ip) => !ip.includes(':'));
  const allow = v4.length ? `    iifname "${cfg.bridge}" ip daddr { ${v4.join(', ')} } tcp dport { 80, 443 } accept\n` : '';
  return `table inet ${cfg.nftTable} {
  chain forward {
    type filter hook forward priority -10; policy accept;
${allow}    oifname "${cfg.bridge}" ct state established,related accept
    iifname "${cfg.bridge}" oifname != "${cfg.bridge}" drop
    oifname "${cfg.bridge}" iifname != "${cfg.bridge}" drop
  }
  chain postrouting {
    type nat hook postrouting priority 100; policy accept;
    ip saddr ${cfg.ipv4Prefix}.0/24 oifname != "${cfg.bridge}" masquerade
  }
}
`;
}

export async function networkDown(cfg: LabConfig): Promise<void> {
  await execa('nft', ['delete', 'table', 'inet', cfg.nftTable], { reject: false });
  if (await linkExists(cfg.bridge)) await execa('ip', ['link', 'del', cfg.bridge]);
  if ((await labBridges()).length === 0 && existsSync(FORWARD_SAVE)) {
    const orig = (await readFile(FORWARD_SAVE, 'utf8')).trim();
    await writeFile(FORWARD_FILE, orig === '1' ? '1' : '0');
    await rm(FORWARD_SAVE, { force: true });
  }
}
