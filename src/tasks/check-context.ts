// A step's verify runs the same check families as `mailsetup --check`
// (src/checks): this builds their context from what the step knows, so a
// finished step and the check report can never disagree.
import { DEFAULT_BLOCKLISTS, STANDARD_PORTS, type CheckContext } from '../checks/context.js';
import { makeResolver } from '../checks/run-all.js';
import { DEFAULT_OUTBOUND_TARGET } from '../checks/outbound.js';
import type { StepContext } from './types.js';

const TIMEOUT_MS = 8000;

export async function checkContext(ctx: StepContext): Promise<CheckContext> {
  const dns = await makeResolver(ctx.answers.domain, ctx.resolver, TIMEOUT_MS);
  return {
    domain: ctx.answers.domain.toLowerCase(),
    hostname: ctx.answers.hostname.toLowerCase(),
    ips: { v4: ctx.facts.ipv4 ?? [], v6: ctx.answers.ipv6.enable ? (ctx.facts.ipv6 ?? []) : [], source: "the server's interfaces" },
    dns,
    remote: ctx.remote,
    timeoutMs: TIMEOUT_MS,
    caFile: ctx.caFile,
    ports: STANDARD_PORTS,
    connectHost: ctx.answers.host.address,
    blocklists: DEFAULT_BLOCKLISTS,
    outboundTarget: ctx.answers.preflight.outboundTarget || DEFAULT_OUTBOUND_TARGET,
    dkimSelector: ctx.facts.dkim?.selector,
  };
}
