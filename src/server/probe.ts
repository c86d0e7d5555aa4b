// Probe first, change only what differs: the probe is a read-only command
// (it also runs under --dry-run), the change runs only when the probe says
// so, so a rerun and a dry run on a finished server run no changing command.
// Outside a dry run `ensure` looks and changes in one command (one round
// trip instead of two); a dry run keeps the two apart, running only the look.
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
export function ensureDir(ctx: ServerContext, path: string, mode = 0o755): Promise<boolean> {
  return ensure(ctx, sh`[ -d ${path} ]`, sh`install -d -m ${mode.toString(8).padStart(4, '0')} ${path}`);
}

/** The marker `ensure`'s one command prints when the look held: the change's own output never is this line alone. */
const HELD = 'mailsetup-ensure-held';

/**
 * Run `change` unless the read-only `look` holds; true when `change` ran.
 * A failing change fails the command as it would alone.
 */
export async function ensure(ctx: ServerContext, look: Raw, change: Raw): Promise<boolean> {
  if (ctx.dryRun) {
    if (await holds(ctx, look)) return false;
    await ctx.remote.exec(change);
    return true;
  }
  const res = await ctx.remote.exec(sh`if ${look}; then echo ${HELD}; else ${change}; fi`);
  return res.stdout.trim() !== HELD;
}
