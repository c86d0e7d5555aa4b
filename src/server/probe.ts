// Probe first, change only what differs: the probe is a read-only command
// (it also runs under --dry-run), the change runs only when the probe says
// so, so a rerun and a dry run on a finished server run no changing command.
// ensureDir is the exception outside a dry run: creating a directory that
// exists changes nothing, so it looks and creates in one command.
import { sh, type Raw } from '../remote/quote.js';
import type { ServerContext } from './context.js';

/** True when the read-only `command` exits 0. */
export async function holds(ctx: ServerContext, command: Raw): Promise<boolean> {
  return (await ctx.remote.exec(command, { readOnly: true, allowFailure: true })).code === 0;
}

/**
 * Create a directory (with parents) when missing; true when it was created.
 * One command that looks and creates; a dry run only looks (read-only).
 */
export async function ensureDir(ctx: ServerContext, path: string, mode = 0o755): Promise<boolean> {
  const create = sh`install -d -m ${mode.toString(8).padStart(4, '0')} ${path}`;
  if (ctx.dryRun) {
    if (await holds(ctx, sh`[ -d ${path} ]`)) return false;
    await ctx.remote.exec(create);
    return true;
  }
  const res = await ctx.remote.exec(sh`if [ -d ${path} ]; then echo present; else ${create}; fi`);
  return res.stdout.trim() !== 'present';
}
