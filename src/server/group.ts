// The group chasquid runs as: the files it must read and nobody else may
// (certificate key, DKIM key, users) are root-owned and readable by that
// group. Asked once per run: the package's unit does not change under a run.
// The setup's steps and the day-two changes both ask here, so a file they
// write gets the same group.
import { sh } from '../remote/quote.js';
import type { ServerContext } from './context.js';

const known = new WeakMap<object, string>();

export async function chasquidGroup(ctx: Pick<ServerContext, 'remote'>): Promise<string> {
  const cached = known.get(ctx);
  if (cached) return cached;
  const res = await ctx.remote.exec(sh`systemctl show -p Group --value chasquid 2>/dev/null`, { readOnly: true, allowFailure: true });
  const group = res.stdout.trim();
  if (group) {
    known.set(ctx, group);
    return group;
  }
  // No Group= in the unit: the group owning chasquid's data directory.
  const owner = await ctx.remote.exec(sh`stat -c %G /var/lib/chasquid 2>/dev/null || echo mail`, { readOnly: true, allowFailure: true });
  return owner.stdout.trim() || 'mail';
}

/** `root:GROUP`: the owner of a file only root may write and chasquid must read. */
export const chasquidOwner = async (ctx: Pick<ServerContext, 'remote'>): Promise<string> => `root:${await chasquidGroup(ctx)}`;
