// The IPv6 step's task on a server without netplan: ifupdown's stanza
// enabled (ifupdown.ts), or, when there is nothing to enable, either IPv6 is
// already up or the user is told exactly what to add.
import { CLOUD_INIT_NETWORK_OFF } from './cloud-init.js';
import { enableIfupdownIpv6 } from './ifupdown.js';
import { alreadyDone, changed, type Task } from './report.js';
import type { StepContext } from './types.js';

export function describeChange(files: string[], cloudInitOff: boolean): string {
  const parts = files.length ? [`enabled in ${files.join(', ')} and applied`] : [];
  if (cloudInitOff) parts.push(`cloud-init told not to rewrite the network files (${CLOUD_INIT_NETWORK_OFF})`);
  return parts.join('; ');
}

export async function ifupdownTask(ctx: StepContext, task: Task, iface: string, ipv6Up: () => Promise<boolean>): Promise<void> {
  task.title = 'ifupdown: IPv6 address and gateway';
  const result = await enableIfupdownIpv6(ctx);
  if (result.noIpv6Lines) {
    if (await ipv6Up()) return alreadyDone(task, 'no IPv6 lines to enable, and IPv6 is up');
    throw new Error(
      'this server has neither netplan files nor IPv6 lines in /etc/network/interfaces(.d), and no IPv6 address. ' +
        `Add the IPv6 address and gateway your host's panel shows as an "iface ${iface} inet6 static" block ` +
        '(lines "address ADDR/64" and "gateway GW") to /etc/network/interfaces, then run mailsetup again; or answer "no" to IPv6.',
    );
  }
  if (result.changedFiles.length || result.cloudInitOff) changed(task, describeChange(result.changedFiles, result.cloudInitOff));
  else alreadyDone(task);
}
