// Guide step 1 (docs/guide-steps.md): is this server ready to become a mail server? OS and
// version, root or sudo, disk and memory, the "OS still installing" state,
// its addresses, and whether outbound TCP 25 is open (the one thing a host
// must allow, and the one users cannot fix themselves).
import { results } from '../checks/result.js';
import type { CheckResult } from '../checks/types.js';
import { detectOs } from '../remote/os.js';
import { sh } from '../remote/quote.js';
import { interfaces, resources } from './host-facts.js';
import { checkOutbound, DEFAULT_OUTBOUND_TARGET } from '../checks/outbound.js';
import { readFirewall } from '../checks/firewall.js';
import { checkContext } from './check-context.js';
import type { Step, StepContext } from './types.js';

const MIN_DISK_MB = 1024;
const MIN_MEMORY_MB = 256;

/**
 * Every probe of the step, started together by its first task so that they
 * travel in one round trip; each task then awaits its own. They only read,
 * so the ones left unread when the OS is refused did no harm.
 */
function probes(ctx: StepContext) {
  let p = started.get(ctx);
  if (!p) {
    const target = ctx.answers.preflight.outboundTarget || DEFAULT_OUTBOUND_TARGET;
    p = {
      os: detectOs(ctx.remote),
      uid: ctx.remote.exec(sh`id -u`, { readOnly: true }),
      resources: resources(ctx),
      interfaces: interfaces(ctx),
      outbound: checkOutbound({ remote: ctx.remote, outboundTarget: target, timeoutMs: OUTBOUND_TIMEOUT_MS }),
      // Not this step's own: the firewall step's look (it runs right after), taken here to travel with the rest.
      firewall: readFirewall(ctx.remote),
    };
    // Awaited by their tasks; a task that never runs leaves no unhandled rejection.
    for (const promise of Object.values(p)) (promise as Promise<unknown>).catch(() => undefined);
    started.set(ctx, p);
  }
  return p;
}
const started = new WeakMap<StepContext, {
  os: ReturnType<typeof detectOs>;
  uid: ReturnType<StepContext['remote']['exec']>;
  resources: ReturnType<typeof resources>;
  interfaces: ReturnType<typeof interfaces>;
  outbound: ReturnType<typeof checkOutbound>;
  firewall: ReturnType<typeof readFirewall>;
}>();

/** The firewall's rules as this run's preflight read them; undefined when it did not run (a rerun that skipped it). */
export function firewallAtPreflight(ctx: StepContext): ReturnType<typeof readFirewall> | undefined {
  return started.get(ctx)?.firewall;
}

async function identify(ctx: StepContext) {
  const os = await probes(ctx).os;
  // The installer state and an unsupported OS both end here, with detectOs's advice.
  if (os.installing || !os.supported) throw new Error(os.message ?? `${os.prettyName} is not supported`);
  ctx.facts.os = { id: os.id, versionId: os.versionId, prettyName: os.prettyName };
  return os;
}

/**
 * The outbound check the step's task has just made, taken (once) by its
 * verify instead of connecting again moments later; a later verify (a rerun,
 * --check) connects itself.
 */
const outboundSeen = new WeakMap<StepContext, CheckResult[]>();

/** A blocked port drops packets: 12 s without a greeting is the verdict. */
const OUTBOUND_TIMEOUT_MS = 13_000;

export const preflightStep: Step = {
  id: 'preflight',
  title: 'Check the server',
  why: 'A mail server needs a supported OS, root access and outbound port 25; better to know now than halfway.',
  reads: ['host', 'preflight.outboundTarget'],
  needs: [],
  tasks: (ctx) => [
    {
      title: 'Identify the operating system',
      task: async (_, task) => {
        const os = await identify(ctx);
        task.title = `Operating system: ${os.prettyName}`;
      },
    },
    {
      title: 'Root access',
      task: async (_, task) => {
        const res = await probes(ctx).uid;
        if (res.stdout.trim() !== '0') {
          throw new Error(`commands run as uid ${res.stdout.trim()}, not root: log in as root, or as a user allowed to use sudo`);
        }
        task.title = ctx.remote.usesSudo ? 'Root access through sudo' : 'Root access (logged in as root)';
      },
    },
    {
      title: 'Disk and memory',
      task: async (_, task) => {
        const { diskFreeMb, memoryMb } = await probes(ctx).resources;
        if (diskFreeMb < MIN_DISK_MB) {
          throw new Error(`only ${diskFreeMb} MB free on /; mailsetup needs ${MIN_DISK_MB} MB: free some space or pick a bigger plan`);
        }
        task.title = `Disk ${diskFreeMb} MB free, memory ${memoryMb} MB${memoryMb < MIN_MEMORY_MB ? ' (low, but chasquid is small)' : ''}`;
      },
    },
    {
      title: 'Network addresses',
      task: async (_, task) => {
        const found = await probes(ctx).interfaces;
        ctx.facts.ipv4 = found.ipv4;
        ctx.facts.ipv6 = found.ipv6;
        if (found.iface) ctx.facts.iface = found.iface;
        task.title = `Addresses on ${found.iface ?? '?'}: ${[...found.ipv4, ...found.ipv6].join(', ') || 'none'}`;
        if (found.ipv4.length === 0 && found.ipv6.length === 0) {
          throw new Error('the server has no global IP address on any interface; check its network settings in your host panel');
        }
      },
    },
    {
      title: 'Outbound SMTP (TCP 25)',
      task: async (_, task) => {
        // The same check as --check's (checks/outbound.ts): its fix line says what to ask the host.
        const target = ctx.answers.preflight.outboundTarget || DEFAULT_OUTBOUND_TARGET;
        const seen = await probes(ctx).outbound;
        const [result] = seen;
        if (result?.status === 'ok') outboundSeen.set(ctx, seen);
        if (result?.status !== 'ok') throw new Error(`${result?.details ?? 'no answer'}. ${result?.fix ?? ''}`.trim());
        task.title = `Outbound SMTP works (${target})`;
      },
    },
  ],
  verify: (ctx) => verifyPreflight(ctx),
};

export async function verifyPreflight(ctx: StepContext): Promise<CheckResult[]> {
  const r = results('Server');
  const out: CheckResult[] = [];
  const os = ctx.facts.os;
  out.push(os ? r.ok('server.os', `OS: ${os.prettyName}`) : r.fail('server.os', 'OS identified', 'not yet', 'run mailsetup again'));
  const seen = outboundSeen.get(ctx);
  outboundSeen.delete(ctx);
  out.push(...(seen ?? (await checkOutbound(await checkContext(ctx)))));
  return out;
}
