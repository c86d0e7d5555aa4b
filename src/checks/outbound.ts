// The server must reach other mail servers on port 25, or nothing it
// accepts is ever delivered; many clouds block exactly this (docs/guide-steps.md,
// step 1). The preflight step stops on this check's failure, and its fix
// line is what to ask the host. bash's /dev/tcp needs no extra package on a
// minimal image; the greeting proves an SMTP server answered, not just a firewall.
import { sh } from '../remote/quote.js';
import type { CheckContext } from './context.js';
import { describeError, results } from './result.js';
import type { CheckResult } from './types.js';

const r = results('Service');
const ID = 'service.outbound-25';

/** Where the outbound test connects when no target is given: a big receiver that always answers. */
export const DEFAULT_OUTBOUND_TARGET = 'gmail-smtp-in.l.google.com:25';


export function splitTarget(target: string): { host: string; port: number } {
  const v6 = /^\[([^\]]+)\](?::(\d+))?$/.exec(target);
  if (v6) return { host: v6[1]!, port: Number(v6[2] ?? 25) };
  const m = /^([^:]+)(?::(\d+))?$/.exec(target);
  if (!m) return { host: target, port: 25 };
  return { host: m[1]!, port: Number(m[2] ?? 25) };
}

export async function checkOutbound(ctx: Pick<CheckContext, 'remote' | 'noRemoteReason' | 'outboundTarget' | 'timeoutMs'>): Promise<CheckResult[]> {
  const { host, port } = splitTarget(ctx.outboundTarget);
  const title = `Outbound SMTP from the server to ${host}:${port}`;
  if (!ctx.remote) return [r.skip(ID, title, ctx.noRemoteReason ?? 'no SSH access')];
  const seconds = Math.max(1, Math.ceil(ctx.timeoutMs / 1000) - 1);
  const fix = `Your host most likely blocks outbound port ${port} (many clouds do until you ask them to unblock it). ` +
    'Ask their support to "open outbound TCP port 25 (SMTP) for this server", mentioning that you run your own mail server ' +
    "with SPF, DKIM and DMARC; check the server's firewall too.";
  const unreachable = `the server cannot reach ${host}:${port}`;
  try {
    // bash's /dev/tcp needs nothing installed; prints the first 3 bytes of the
    // greeting (what came when the peer closed sooner), read by bash itself,
    // not a head. The command's own deadline stops it (exit 124): no second
    // timeout and shell of its own on the server.
    const res = await ctx.remote.exec(sh`exec 3<>/dev/tcp/${host}/${port} && { g=; IFS= read -r -n 3 g <&3; printf '%s' "$g"; }`,
      { allowFailure: true, readOnly: true, timeoutMs: seconds * 1000 });
    if (res.code === 0 && res.stdout.startsWith('220')) return [r.ok(ID, title, `${host}:${port} greeted the server`)];
    if (res.code === 0) return [r.warn(ID, title, `connected, but the greeting was ${JSON.stringify(res.stdout)}`, `Check that ${host}:${port} is a mail server.`)];
    if (res.code === 124) return [r.fail(ID, title, `${unreachable}: no answer within ${seconds} s, outbound port ${port} is blocked on the way`, fix)];
    return [r.fail(ID, title, `${unreachable}: ${res.stderr.trim().split('\n').pop() || `exit ${res.code}`}`, fix)];
  } catch (err) {
    return [r.fail(ID, title, describeError(err), 'Check SSH access, then run the check again.')];
  }
}
