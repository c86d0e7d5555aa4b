// cloud-init writes the network files of most cloud images (netplan's
// 50-cloud-init.yaml, ifupdown's interfaces.d/50-cloud-init) and may write
// them again at boot, which would take a change of ours away. Each such file
// names the way out in its own header: a cloud.cfg.d file that turns
// cloud-init's network configuration off, leaving the files as they are.
import type { StepContext } from './types.js';

export const CLOUD_INIT_NETWORK_OFF = '/etc/cloud/cloud.cfg.d/99-disable-network-config.cfg';
const CONTENT = '# Written by mailsetup: the network files carry its IPv6 lines; cloud-init must not write them again.\nnetwork: {config: disabled}\n';

/** Whether a network file is cloud-init's (its generated-file header). */
export const writtenByCloudInit = (content: string): boolean =>
  /generated from information provided by the\s+(#\s*)?datasource/i.test(content) || /99-disable-network-config\.cfg/.test(content);

/** Turn cloud-init's network configuration off; false when it already was. */
export async function keepCloudInitOffNetwork(ctx: StepContext): Promise<boolean> {
  const now = (await ctx.remote.readFile(CLOUD_INIT_NETWORK_OFF))?.toString('utf8');
  if (now !== undefined && /^\s*network:\s*\{\s*config:\s*disabled\s*\}/m.test(now)) return false;
  return (await ctx.remote.writeFile(CLOUD_INIT_NETWORK_OFF, CONTENT, { mode: 0o644, makeParent: true })).changed;
}

/** When one of the netplan files (their `contents`) is cloud-init's, turn its network configuration off; true when that changed something. */
export async function keepCloudInitOffFor(ctx: StepContext, contents: string[]): Promise<boolean> {
  return contents.some(writtenByCloudInit) ? keepCloudInitOffNetwork(ctx) : false;
}
