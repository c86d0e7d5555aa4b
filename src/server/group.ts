// The group chasquid runs as: the files it must read and nobody else may
// (certificate key, DKIM key, users) are root-owned and readable by that
// group. Asked once per connection: the package's unit does not change under a run.
// The setup's steps and the day-two changes both ask here, so a file they
// write gets the same group.
import { sh } from '../remote/quote.js';
import type { ServerContext } from './context.js';

/** Asked per connection; callers at the same moment share one question. */
const asked = new WeakMap<object, Promise<string>>();

export function chasquidGroup(ctx: Pick<ServerContext, 'remote'>): Promise<string> {
  let group = asked.get(ctx.remote);
  if (!group) {
    group = askGroup(ctx);
    asked.set(ctx.remote, group);
  }
  return group;
}

/**
 * The unit's Group=, or, without one, the group owning chasquid's data
 * directory (`mail` when that is missing too), in one command. Only the
 * unit's answer is kept: before chasquid is installed there is no unit.
 */
async function askGroup(ctx: Pick<ServerContext, 'remote'>): Promise<string> {
  const res = await ctx.remote.exec(
    sh`g=$(systemctl show -p Group --value chasquid 2>/dev/null); if [ -n "$g" ]; then echo "unit $g"; else echo "dir $(stat -c %G /var/lib/chasquid 2>/dev/null || echo mail)"; fi`,
    { readOnly: true, allowFailure: true },
  );
  const [from, group] = res.stdout.trim().split(/\s+/);
  if (from !== 'unit') asked.delete(ctx.remote);
  return group || 'mail';
}

/** `root:GROUP`: the owner of a file only root may write and chasquid must read. */
export const chasquidOwner = async (ctx: Pick<ServerContext, 'remote'>): Promise<string> => `root:${await chasquidGroup(ctx)}`;
