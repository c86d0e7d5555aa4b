// Facts about the machine that later steps and messages rely on: the
// network interface and its global addresses, free disk and memory.
import { sh } from '../remote/quote.js';
import type { StepContext } from './types.js';

export interface Interfaces {
  iface?: string;
  ipv4: string[];
  ipv6: string[];
}

interface IpAddrJson {
  ifname: string;
  addr_info?: { family: string; local: string; scope: string }[];
}

/** Global addresses from `ip -j addr`; the interface is the one with the default route. */
export async function interfaces(ctx: StepContext): Promise<Interfaces> {
  const res = await ctx.remote.exec(sh`ip -j addr show scope global; echo ---; ip -o route show default | awk '{print $5; exit}'`, {
    readOnly: true,
  });
  const [json = '[]', route = ''] = res.stdout.split('---').map((part) => part.trim());
  let parsed: IpAddrJson[] = [];
  try {
    parsed = JSON.parse(json || '[]') as IpAddrJson[];
  } catch {
    parsed = [];
  }
  const out: Interfaces = { iface: route || parsed[0]?.ifname, ipv4: [], ipv6: [] };
  for (const link of parsed) {
    for (const a of link.addr_info ?? []) {
      if (a.scope !== 'global') continue;
      if (a.family === 'inet') out.ipv4.push(a.local);
      if (a.family === 'inet6') out.ipv6.push(a.local);
    }
  }
  return out;
}

export interface Resources {
  diskFreeMb: number;
  memoryMb: number;
}

export async function resources(ctx: StepContext): Promise<Resources> {
  const res = await ctx.remote.exec(sh`df -Pm / | awk 'NR==2{print $4}'; awk '/^MemTotal:/{print int($2/1024)}' /proc/meminfo`, {
    readOnly: true,
  });
  const [disk = '0', mem = '0'] = res.stdout.trim().split('\n');
  return { diskFreeMb: Number(disk), memoryMb: Number(mem) };
}
