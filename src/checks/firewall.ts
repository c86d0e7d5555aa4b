// The server's own firewall and the SMTP ports: which of ufw, firewalld or
// plain nftables rules is in charge, and which of 25, 465 and 587 it keeps
// closed. The ports check uses it to tell "closed by the server's firewall"
// from "blocked on the way"; the firewall step uses it to open exactly those.
// Everything here is read off the server: hostile text, parsed, never run.
import { sh, type Raw } from '../remote/quote.js';
import type { Remote } from '../remote/types.js';

export const SMTP_PORTS = [25, 465, 587] as const;

export type FirewallTool = 'ufw' | 'firewalld' | 'nftables';

export interface FirewallState {
  /** The firewall in charge; none when no active firewall filters incoming traffic. */
  tool?: FirewallTool;
  /** Of 25, 465, 587: the ports it keeps closed. */
  closed: number[];
  /** nftables only: where the rules live (family table chain), for the fix. */
  chain?: string;
}

const SEP = '--mailsetup--';

/** A port list as firewalls print it ("25", "25,465,587", "{ 25, 465 }", "1000-2000", "1000:2000") holds `port`. */
export function portListHas(list: string, port: number): boolean {
  return list
    .replace(/[{}\s]/g, '')
    .split(',')
    .some((item) => {
      const [lo, hi] = item.split(/[-:]/).map(Number);
      return hi === undefined ? lo === port : lo! <= port && port <= hi;
    });
}

/** `ufw status verbose`: active, default incoming deny/reject, and no ALLOW rule for the port. */
export function ufwClosed(status: string): number[] {
  if (!/^Status:\s*active/m.test(status)) return [];
  if (!/^Default:\s*(deny|reject)\s*\(incoming\)/m.test(status)) return [];
  // ufw goes down its rules in order: the first that matches the port decides.
  const allowed = (port: number, v6: boolean) => {
    for (const line of status.split('\n')) {
      const m = /^(\d[\d,:]*)(?:\/tcp)?\s+(\(v6\)\s+)?(ALLOW|LIMIT|DENY|REJECT)\b/.exec(line.trim());
      if (m && portListHas(m[1]!, port) && Boolean(m[2]) === v6) return m[3] === 'ALLOW' || m[3] === 'LIMIT';
    }
    return false;
  };
  // IPv6 rules exist only where ufw manages IPv6 (IPV6=yes, the default).
  const manages6 = /\(v6\)/.test(status);
  return SMTP_PORTS.filter((p) => !allowed(p, false) || (manages6 && !allowed(p, true)));
}

/** firewalld: the ports it allows (`--list-ports`) and the services (`--list-services`). */
export function firewalldClosed(ports: string, services: string): number[] {
  const byService: Record<number, string[]> = { 25: ['smtp'], 465: ['smtps', 'smtp-submissions'], 587: ['smtp-submission'] };
  const svc = services.split(/\s+/);
  const open = ports.split(/\s+/).filter((p) => p.endsWith('/tcp')).map((p) => p.slice(0, -4));
  return SMTP_PORTS.filter((p) => !open.some((o) => portListHas(o, p)) && !byService[p]!.some((s) => svc.includes(s)));
}

/**
 * `nft list ruleset`: an input-hook chain with policy drop closes a port
 * unless one of its rules accepts TCP to it. Tables that ufw or firewalld
 * own are theirs to judge, not this.
 */
export function nftClosed(ruleset: string): { closed: number[]; chain?: string } {
  let table = '';
  let chain = '';
  let body: string[] = [];
  const verdicts: { closed: number[]; chain: string }[] = [];
  const finish = () => {
    const head = body.join('\n');
    if (chain && /hook input\b/.test(head) && /policy drop;/.test(head)) {
      const accepts = (port: number) =>
        body.some((l) => /\baccept\b/.test(l) && [...l.matchAll(/tcp dport (\{[^}]*\}|\S+)/g)].some((m) => portListHas(m[1]!, port)));
      verdicts.push({ closed: SMTP_PORTS.filter((p) => !accepts(p)), chain: `${table} ${chain}` });
    }
    chain = '';
    body = [];
  };
  for (const line of ruleset.split('\n')) {
    const t = /^\s*table\s+(\w+)\s+([\w-]+)\s*\{/.exec(line);
    if (t) {
      finish();
      table = `${t[1]} ${t[2]}`;
      continue;
    }
    const c = /^\s*chain\s+([\w-]+)\s*\{/.exec(line);
    if (c) {
      finish();
      chain = c[1]!;
      continue;
    }
    if (chain) body.push(line);
  }
  finish();
  const closing = verdicts.find((v) => v.closed.length);
  return closing ? { closed: closing.closed, chain: closing.chain } : { closed: [] };
}

/** Read the server's firewall (as root; read-only). */
export async function readFirewall(remote: Remote): Promise<FirewallState> {
  const res = await remote.exec(
    sh`if command -v ufw >/dev/null 2>&1; then ufw status verbose 2>/dev/null; fi; echo ${SEP}
if command -v firewall-cmd >/dev/null 2>&1 && firewall-cmd --state >/dev/null 2>&1; then echo running; firewall-cmd --list-ports; echo ${SEP}; firewall-cmd --list-services; else echo ${SEP}; fi; echo ${SEP}
if command -v nft >/dev/null 2>&1; then nft list ruleset 2>/dev/null; fi`,
    { readOnly: true, allowFailure: true },
  );
  const [ufw = '', firewalld = '', services = '', nft = ''] = res.stdout.split(`${SEP}\n`);
  if (/^Status:\s*active/m.test(ufw)) return { tool: 'ufw', closed: ufwClosed(ufw) };
  if (/^running/.test(firewalld)) return { tool: 'firewalld', closed: firewalldClosed(firewalld.replace(/^running\n/, ''), services) };
  const n = nftClosed(nft);
  return n.closed.length ? { tool: 'nftables', closed: n.closed, chain: n.chain } : { closed: [] };
}

/**
 * The command that opens `ports` with ufw or firewalld (both cover IPv4 and
 * IPv6): what the firewall step runs and what a fix line tells a person to
 * run. Hand-written nftables rules have none: mailsetup does not edit them.
 */
export function openPortsCommand(state: FirewallState, ports: readonly number[]): Raw | undefined {
  if (!ports.length) return undefined;
  if (state.tool === 'ufw') return ports.map((p) => sh`ufw allow ${p}/tcp`).reduce((all, rule) => sh`${all} && ${rule}`);
  if (state.tool === 'firewalld') return sh`firewall-cmd --permanent ${ports.map((p) => sh`--add-port=${p}/tcp`)} && firewall-cmd --reload`;
  return undefined;
}

/** How to open `ports` with `state`'s firewall, for a fix line. */
export function openCommand(state: FirewallState, ports: readonly number[]): string {
  if (state.tool === 'nftables') {
    return `add "tcp dport { ${ports.join(', ')} } accept" to chain ${state.chain ?? 'input'} in /etc/nftables.conf, then systemctl reload nftables`;
  }
  return openPortsCommand(state, ports)?.text ?? '';
}
