// Ports 25, 465 and 587 must be reachable from outside (guide step 1 in docs/guide-steps.md: many
// clouds block them). Probed from the user's computer, so "blocked" may be
// the user's own network (home ISPs often block outbound 25), not the server.
import type { CheckContext, SmtpPorts } from './context.js';
import { results } from './result.js';
import { openCommand, readFirewall, type FirewallState } from './firewall.js';
import { probePort } from './tcp-probe.js';
import type { CheckResult } from './types.js';

const r = results('Ports');

const NAMES: Record<keyof SmtpPorts, string> = {
  smtp: 'SMTP', submissions: 'submission over TLS', submission: 'submission',
};

type Ctx = Pick<CheckContext, 'ips' | 'ports' | 'connectHost' | 'timeoutMs' | 'hostname' | 'remote'>;

export async function checkPorts(ctx: Ctx): Promise<CheckResult[]> {
  const hosts = ctx.connectHost ? [ctx.connectHost] : [...ctx.ips.v4, ...ctx.ips.v6];
  if (hosts.length === 0) return [r.skip('ports', 'SMTP ports reachable', 'no server address is known')];
  // Asked once, and only when a port does not answer: is it the server's own firewall?
  let firewall: Promise<FirewallState | null> | undefined;
  const serverFirewall = () => (firewall ??= ctx.remote ? readFirewall(ctx.remote).catch(() => null) : Promise.resolve(null));
  const probes = hosts.flatMap((host) =>
    (Object.keys(NAMES) as (keyof SmtpPorts)[]).map((key) => checkOne(ctx, host, key, serverFirewall)));
  return Promise.all(probes);
}

async function checkOne(ctx: Ctx, host: string, key: keyof SmtpPorts, serverFirewall: () => Promise<FirewallState | null>): Promise<CheckResult> {
  const port = ctx.ports[key];
  const id = `ports.${key}.${host}`;
  const title = `Port ${port} (${NAMES[key]}) on ${host} reachable from here`;
  const where = host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
  const probe = await probePort(host, port, ctx.timeoutMs);
  let serverSays = '';
  if (probe.state !== 'open') {
    const fw = await serverFirewall();
    if (fw) serverSays = `; the server's own firewall lets ${port} in`;
    if (fw?.tool && fw.closed.includes(port)) {
      return r.fail(id, title, `closed by the server's firewall: ${fw.tool} does not let ${port} in (${where} ${probe.state === 'blocked' ? 'did not answer' : 'refused'})`,
        `Run mailsetup again (its firewall step opens 25, 465 and 587), or on the server: ${openCommand(fw, [port])}`);
    }
  }
  switch (probe.state) {
    case 'open':
      return r.ok(id, title, `${where} answered in ${probe.ms} ms`);
    case 'closed':
      return r.fail(id, title, `closed: ${where} answered with a reset (nothing listens there)`,
        `Start chasquid and check that chasquid.conf listens on :${port} (systemctl status chasquid).`);
    case 'blocked':
      return r.fail(id, title, `blocked on the way: ${where} did not answer in ${probe.ms} ms (packets dropped)${serverSays}`,
        `Open port ${port} in the server's firewall and your host's panel (some hosts need a support ticket); ` +
        `if only port 25 is blocked, your own network may block it: try from elsewhere.`);
    case 'unreachable':
      return r.fail(id, title, `rejected on the way: ${where} gave ${probe.error}`,
        `Check the route and firewalls between here and ${host} (the server's firewall may reject port ${port}).`);
  }
}
