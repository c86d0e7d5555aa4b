// The server's own firewall: images such as Ubuntu's come with ufw on and
// only SSH allowed, so 25, 465 and 587 stay closed from outside and no mail
// arrives or gets submitted. This step says which firewall closes which of
// them (its task title, before anything changes) and opens exactly those,
// IPv4 and IPv6; nothing else in the rules is touched.
import { results } from '../checks/result.js';
import type { CheckResult } from '../checks/types.js';
import { openCommand, openPortsCommand, readFirewall, SMTP_PORTS, type FirewallState } from '../checks/firewall.js';
import { firewallAtPreflight } from './preflight.js';
import { alreadyDone, changed } from './report.js';
import type { Step, StepContext } from './types.js';

const TOOL_NAME = { ufw: 'ufw', firewalld: 'firewalld', nftables: 'nftables rules' } as const;

/** The state the step's task found open, taken (once) by its verify instead of reading the rules again. */
const foundOpen = new WeakMap<StepContext, FirewallState>();

export const firewallStep: Step = {
  id: 'firewall',
  title: 'Firewall: SMTP ports',
  why: "Mail comes in on 25 and your apps submit on 465 and 587: the server's own firewall must let them in.",
  reads: ['host'],
  needs: ['preflight'],
  tasks: (ctx) => [
    {
      title: 'Ports 25, 465 and 587 in the server\'s firewall',
      task: async (_, task) => {
        const state = await (firewallAtPreflight(ctx) ?? readFirewall(ctx.remote));
        if (!state.tool || !state.closed.length) {
          foundOpen.set(ctx, state);
          return alreadyDone(task, state.tool ? `${TOOL_NAME[state.tool]} lets ${SMTP_PORTS.join(', ')} in` : 'no firewall closes them');
        }
        const ports = state.closed.join(', ');
        task.title = `${TOOL_NAME[state.tool]} closes ${ports}: opening exactly those (IPv4 and IPv6)`;
        const open = openPortsCommand(state, state.closed);
        if (!open) {
          throw new Error(
            `the server's ${TOOL_NAME[state.tool]} drop ${ports} and mailsetup does not edit hand-written nftables rules: ` +
              `${openCommand(state, state.closed)}; then run mailsetup again.`,
          );
        }
        await ctx.remote.exec(open);
        changed(task, `opened ${ports}`);
      },
    },
  ],
  verify: (ctx) => verifyFirewall(ctx),
};

export async function verifyFirewall(ctx: StepContext): Promise<CheckResult[]> {
  const r = results('Firewall');
  const state = foundOpen.get(ctx) ?? (await readFirewall(ctx.remote));
  foundOpen.delete(ctx);
  const title = `The server's firewall lets ${SMTP_PORTS.join(', ')} in`;
  if (!state.tool || !state.closed.length) return [r.ok('firewall.smtp', title, state.tool ? TOOL_NAME[state.tool] : 'no firewall closes them')];
  return [r.fail('firewall.smtp', title, `${TOOL_NAME[state.tool]} closes ${state.closed.join(', ')}`,
    `Run mailsetup again (its firewall step opens them), or on the server: ${openCommand(state, state.closed)}`)];
}
