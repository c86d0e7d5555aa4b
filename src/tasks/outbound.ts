// Can the server open TCP 25 to another mail server? Many hosts block it on
// new accounts; without it no mail leaves, so the verdict names what to ask.
// bash's /dev/tcp needs no extra package on a minimal image; reading the
// greeting line proves an SMTP server answered, not just a firewall.
import { sh } from '../remote/quote.js';
import type { StepContext } from './types.js';

export const DEFAULT_OUTBOUND_TARGET = 'gmail-smtp-in.l.google.com:25';

export function splitTarget(target: string): { host: string; port: number } {
  const v6 = /^\[([^\]]+)\](?::(\d+))?$/.exec(target);
  if (v6) return { host: v6[1]!, port: Number(v6[2] ?? 25) };
  const m = /^([^:]+)(?::(\d+))?$/.exec(target);
  if (!m) throw new Error(`not a host[:port]: ${target}`);
  return { host: m[1]!, port: Number(m[2] ?? 25) };
}

export interface OutboundResult {
  open: boolean;
  target: string;
  banner?: string;
  verdict: string;
}

export async function probeOutbound25(ctx: StepContext): Promise<OutboundResult> {
  const target = ctx.answers.preflight.outboundTarget || DEFAULT_OUTBOUND_TARGET;
  const { host, port } = splitTarget(target);
  const res = await ctx.remote.exec(
    sh`timeout 12 bash -c 'exec 3<>"/dev/tcp/$1/$2" && IFS= read -r -t 10 line <&3 && printf "%s\\n" "$line"; printf "QUIT\\r\\n" >&3' mailsetup ${host} ${port}`,
    { readOnly: true, allowFailure: true, timeoutMs: 20000 },
  );
  const banner = res.stdout.split('\n')[0]?.trim();
  if (res.code === 0 && banner?.startsWith('220')) {
    return { open: true, target, banner, verdict: `outbound SMTP works: ${target} answered "${banner}"` };
  }
  const why = res.code === 124 ? 'the connection timed out (packets are dropped)' : res.stderr.trim().split('\n').pop() || `exit ${res.code}`;
  return {
    open: false,
    target,
    verdict:
      `the server cannot reach ${target} on TCP port ${port}: ${why}. ` +
      'Your host most likely blocks outbound port 25. Ask their support to "open outbound TCP port 25 (SMTP) for this server", ' +
      'mentioning that you run your own mail server with SPF, DKIM and DMARC; then run mailsetup again.',
  };
}
