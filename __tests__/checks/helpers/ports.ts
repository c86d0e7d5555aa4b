// Loopback ports in the three states a probe must tell apart:
// - open: a listening server;
// - closed: a port nothing listens on (the kernel answers with a reset);
// - blocked: packets silently dropped on the way, made honestly with an
//   nftables rule in a table this test owns (`iif lo tcp dport P drop`),
//   exactly what a provider's firewall does. The table is deleted afterwards.
import { execFileSync } from 'node:child_process';
import net from 'node:net';

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

export interface Blackhole { port: number; remove(): void }

export function canUseNft(): boolean {
  try {
    execFileSync('nft', ['--version'], { stdio: 'ignore' });
    return process.getuid?.() === 0;
  } catch {
    return false;
  }
}

export async function blackholePort(): Promise<Blackhole> {
  const port = await freePort();
  const table = `mailsetup_checks_test_${process.pid}_${port}`;
  const nft = (...args: string[]) => execFileSync('nft', args, { stdio: ['ignore', 'ignore', 'pipe'] });
  nft('add', 'table', 'inet', table);
  nft('add', 'chain', 'inet', table, 'input', '{ type filter hook input priority 0; policy accept; }');
  nft('add', 'rule', 'inet', table, 'input', 'iif', 'lo', 'tcp', 'dport', String(port), 'drop');
  return { port, remove: () => nft('delete', 'table', 'inet', table) };
}
