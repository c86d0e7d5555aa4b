// Guide step 2 (docs/guide-steps.md): IPv6 on, so chasquid can send over IPv6 too. The sysctl
// lines, the provider's commented netplan lines, applied with a rollback
// guard; verified on the server and from this computer.
import { connect as tcpConnect } from 'node:net';
import { results } from '../checks/result.js';
import type { CheckResult } from '../checks/types.js';
import { raw, sh } from '../remote/quote.js';
import { interfaces } from './host-facts.js';
import { keepCloudInitOffFor } from './cloud-init.js';
import { describeChange, ifupdownTask } from './ipv6-ifupdown.js';
import { enableNetplanIpv6, netplanFiles } from './netplan.js';
import { alreadyDone, changed } from './report.js';
import { applySysctl, ensureSysctlFiles } from './sysctl-ipv6.js';
import type { Step, StepContext } from './types.js';

const reachable = (host: string, port: number, timeoutMs = 5000) =>
  new Promise<boolean>((resolve) => {
    const socket = tcpConnect({ host, port, timeout: timeoutMs });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.once('connect', () => done(true));
    socket.once('timeout', () => done(false));
    socket.once('error', () => done(false));
  });

/**
 * Global IPv6 addresses, waiting a little for them to appear: the server
 * polls every 0.1 s itself, so one command returns as soon as one is there.
 * `usable` waits for duplicate address detection to finish (no tentative
 * address); without it an address still being checked counts.
 */
async function globalIpv6(ctx: StepContext, waitMs = 8000, usable = true): Promise<string[]> {
  const waitS = Math.ceil(waitMs / 1000);
  const list = usable ? 'ip -6 -o addr show scope global -tentative' : 'ip -6 -o addr show scope global';
  const wait = ctx.dryRun ? raw('') : sh`timeout ${waitS} sh -c ${`until ${list} | grep -q inet6; do sleep 0.1; done`};`;
  const res = await ctx.remote.exec(sh`${wait} ${raw(list)}`, { readOnly: true, allowFailure: true, timeoutMs: (waitS + 10) * 1000 });
  return [...res.stdout.matchAll(/inet6\s+([0-9a-fA-F:]+)\//g)].map((m) => m[1]!);
}

/**
 * The usable addresses the ipv6-up task has just waited for, taken (once) by
 * its verify instead of asking again a moment later; a later verify (a
 * rerun, --check) asks the server itself.
 */
const upSeen = new WeakMap<StepContext, string[]>();

const skippable = 'IPv6 stays off: the server sends over IPv4 only, and no AAAA record is published for it';

export const ipv6Step: Step = {
  id: 'ipv6',
  title: 'IPv6',
  why: 'With IPv6 the server can deliver to receivers over both protocols, as big mailbox providers prefer.',
  reads: ['ipv6.enable'],
  needs: ['preflight'],
  skippable,
  enabled: (ctx) => ctx.answers.ipv6.enable,
  tasks: (ctx) => {
    // The netplan task's listing only reads: asked with the sysctl task's first look, one round trip.
    let listed: Promise<string[]> | undefined;
    const netplanList = () => (listed ??= netplanFiles(ctx));
    return [
      {
        title: 'sysctl: IPv6 switched on',
        task: async (_, task) => {
          // The files and the running kernel are independent: both at once.
          const [files, applied] = await Promise.all([ensureSysctlFiles(ctx), applySysctl(ctx), netplanList()]);
          if (files.length || applied) changed(task, `${files.join(', ') || 'runtime'} updated`);
          else alreadyDone(task);
        },
      },
      {
        title: 'netplan: IPv6 address and gateway',
        task: async (_, task) => {
          const iface = (ctx.facts.iface as string | undefined) ?? (await interfaces(ctx)).iface ?? 'eth0';
          const files = await netplanList();
          if (!files.length) return ifupdownTask(ctx, task, iface, async () => (await globalIpv6(ctx, 3000)).length > 0);
          const { changes, contents } = await enableNetplanIpv6(ctx, iface, files);
          const changedFiles = changes.filter((r) => r.changed).map((r) => r.file);
          // The files as read before the change: cloud-init's mark is in their header, which the change leaves alone.
          const cloudInitOff = await keepCloudInitOffFor(ctx, contents);
          if (changedFiles.length || cloudInitOff) changed(task, describeChange(changedFiles, cloudInitOff));
          else alreadyDone(task);
        },
      },
    ];
  },
  verify: (ctx) => verifyIpv6Configured(ctx),
};

/**
 * The second half of IPv6, run after chasquid's apt install so duplicate
 * address detection has finished meanwhile: waits for the usable address
 * and records it for the DNS records.
 */
export const ipv6UpStep: Step = {
  id: 'ipv6-up',
  title: 'IPv6 address up',
  why: 'The address must pass the kernel\'s duplicate address check before the server can send from it and DNS can name it.',
  reads: ['ipv6.enable'],
  needs: ['ipv6'],
  skippable,
  follows: 'ipv6',
  enabled: (ctx) => ctx.answers.ipv6.enable,
  tasks: (ctx) => [
    {
      title: 'IPv6 address up',
      task: async (_, task) => {
        if (ctx.dryRun) return;
        const v6 = await globalIpv6(ctx);
        if (!v6.length) {
          throw new Error(
            'no global IPv6 address came up. If your host gives you one, check its address/gateway lines in /etc/netplan/ ' +
              '(the panel shows them) or ask the host to enable IPv6; or answer "no" to IPv6.',
          );
        }
        ctx.facts.ipv6 = v6;
        upSeen.set(ctx, v6);
        task.title = `IPv6 address up: ${v6.join(', ')}`;
      },
    },
  ],
  verify: (ctx) => verifyIpv6(ctx),
};

/** The ipv6 step's own check: IPv6 on and an address assigned, still tentative or not. */
export async function verifyIpv6Configured(ctx: StepContext): Promise<CheckResult[]> {
  const r = results('IPv6');
  const v6 = await globalIpv6(ctx, 3000, false);
  if (!v6.length) return [r.fail('ipv6.assigned', 'IPv6 address assigned on the server', 'none', 'run mailsetup again, or answer "no" to IPv6')];
  return [r.ok('ipv6.assigned', `IPv6 address assigned on the server: ${v6.join(', ')}`)];
}

export async function verifyIpv6(ctx: StepContext): Promise<CheckResult[]> {
  const r = results('IPv6');
  const seen = upSeen.get(ctx);
  upSeen.delete(ctx);
  const v6 = seen ?? (await globalIpv6(ctx, 2000));
  if (!v6.length) return [r.fail('ipv6.address', 'IPv6 address on the server', 'none', 'run mailsetup again, or answer "no" to IPv6')];
  const out = [r.ok('ipv6.address', `IPv6 address on the server: ${v6.join(', ')}`)];
  const ok = await reachable(v6[0]!, ctx.answers.host.port);
  out.push(
    ok
      ? r.ok('ipv6.reachable', `${v6[0]} answers from this computer`)
      : r.warn('ipv6.reachable', `${v6[0]} answers from this computer`, `no answer on port ${ctx.answers.host.port}`, 'check the host firewall for IPv6, or whether this computer has IPv6 at all'),
  );
  return out;
}
