// Spam filtering before forwarding. The catch-all forwards every message to
// the user's mailbox; forwarded spam gets this server's address rate-limited
// or blocked by the big mailbox providers. So mail from outside is judged by
// a spam filter (SpamAssassin or rspamd, both Debian packages) inside
// chasquid's post-data hook, and spam is refused at SMTP time (554): the
// sender's server learns, and nothing is forwarded. The hook is mailsetup's
// own on every chasquid version: on 1.11 the same file signs DKIM, on 1.15
// it replaces the distribution's example hook, which passes rspamd no
// envelope and lets mail through unjudged when the filter is down.
import { checkFilterOn } from '../checks/spam-filter.js';
import type { CheckResult } from '../checks/types.js';
import { sh } from '../remote/quote.js';
import { postDataHook } from '../server/paths.js';
import { ensure, holds } from '../server/probe.js';
import { scansGtube, SPAM_FILTERS, spamFilterSetting, type SpamFilter } from '../server/spam-filter.js';
import { unitMemoryMb } from '../server/unit-memory.js';
import { spamFilterOf } from '../state/answers.js';
import { aptInstall } from './apt.js';
import { asset } from './assets.js';
import { memoryText } from './memory-figures.js';
import { spamFilterFacts } from './spam-filter-facts.js';
import { alreadyDone, changed, type Task } from './report.js';
import type { Step, StepContext } from './types.js';

/** rspamd's first start compiles its rules (hyperscan), about 45 s on the lab's 2 cores; a slow VPS gets more. */
const READY_WAIT_S = 180;

const chosen = (ctx: StepContext): SpamFilter | undefined => {
  const id = spamFilterOf(ctx.answers);
  return id === 'none' ? undefined : SPAM_FILTERS[id];
};

/** The filter this run sets up, if any: its packages go in chasquid's apt transaction. */
export const spamFilterToInstall = (ctx: StepContext): SpamFilter | undefined =>
  spamFilterStep.enabled?.(ctx) === false ? undefined : chosen(ctx);

/** Started, enabled at boot, and flagging GTUBE: waits while the filter loads its rules. */
async function ensureRunning(ctx: StepContext, task: Task, filter: SpamFilter): Promise<boolean> {
  const unit = filter.unit;
  const started = await ensure(ctx, sh`systemctl is-active --quiet ${unit} && systemctl is-enabled --quiet ${unit}`, sh`systemctl enable --now ${unit} >/dev/null 2>&1`);
  if (ctx.dryRun) return started;
  task.output = `waiting for ${filter.title} to load its rules`;
  const until = Date.now() + READY_WAIT_S * 1000;
  while ((await scansGtube(ctx.remote, filter, ctx.answers.domain)).code !== 0) {
    if (Date.now() > until) throw new Error(`${filter.title} (${unit}) does not flag the GTUBE test message after ${READY_WAIT_S} s: see journalctl -u ${unit} on the server, then run mailsetup again`);
    await new Promise((r) => setTimeout(r, 1000));
  }
  return started;
}

export const spamFilterStep: Step = {
  id: 'spam-filter',
  title: 'Spam filter before forwarding',
  why: 'Forwarded spam gets your server blocked by Gmail and others: spam is refused before it is accepted.',
  reads: ['receiving.mode', 'receiving.spamFilter'],
  // Not after DKIM: on chasquid 1.11 the DKIM step writes the same hook, the
  // same bytes from the same asset, and each write is a whole-file rename on
  // the server, so two at once leave that one file either way. The filter's
  // first scan (a second or so while it loads) then runs beside the DKIM,
  // senders and certificate steps.
  needs: ['chasquid'],
  enabled: (ctx) => ctx.answers.receiving.mode === 'forward',
  tasks: (ctx) => {
    const filter = chosen(ctx);
    if (!filter) {
      return [
        {
          title: 'No spam filter (mail from outside is forwarded unjudged)',
          task: async (_, task) => {
            if (!(await holds(ctx, sh`[ -e ${spamFilterSetting} ]`))) return alreadyDone(task);
            // The filter's packages stay installed: removing them is the user's call.
            await ctx.remote.exec(sh`rm -f ${spamFilterSetting}`);
            changed(task, `${spamFilterSetting} removed; the hook no longer asks a filter`);
          },
        },
      ];
    }
    return [
      {
        title: `Install ${filter.title} (${filter.packages.join(', ')}; ${expectedMemory(ctx, filter)} of memory once running)`,
        task: async (_, task) => {
          const installed = await aptInstall(ctx, task, filter.packages);
          if (installed.length) changed(task, `installed ${installed.join(', ')}`);
          else alreadyDone(task);
        },
      },
      {
        title: `Run ${filter.unit} and enable it at boot`,
        task: async (_, task) => {
          // SpamAssassin's rules come with the package and are updated by sa-update, which Debian ships switched off.
          const [started, timer] = await Promise.all([ensureRunning(ctx, task, filter), filter.id === 'spamassassin' ? enableRuleUpdates(ctx) : false]);
          const mb = ctx.dryRun ? undefined : await unitMemoryMb(ctx.remote, filter.unit);
          if (mb !== undefined) ctx.facts.spamFilter = { id: filter.id, memoryMb: mb };
          const memory = mb === undefined ? '' : `, ${mb} MB of memory`;
          if (started || timer) changed(task, `${filter.unit} running${timer ? ', daily rule updates on' : ''}${memory}`);
          else alreadyDone(task, `${filter.unit} running${memory}`);
        },
      },
      {
        title: "Judge mail from outside in chasquid's post-data hook",
        task: async (_, task) => {
          // chasquid runs the hook for each message: no restart needed.
          const [setting, hook] = await Promise.all([
            ctx.remote.writeFile(spamFilterSetting, `${filter.id}\n`, { mode: 0o644 }),
            ctx.remote.writeFile(postDataHook, asset('chasquid/hooks/post-data'), { mode: 0o755 }),
          ]);
          if (setting.changed || hook.changed) changed(task, `spam from outside is refused (${filter.title})`);
          else alreadyDone(task, filter.title);
        },
      },
    ];
  },
  verify: (ctx) => verifySpamFilter(ctx),
};

/** What the receiving screen said the filter adds, for this server's release when measured there. */
function expectedMemory(ctx: StepContext, filter: SpamFilter): string {
  const facts = spamFilterFacts().filters.find((f) => f.id === filter.id);
  return facts ? memoryText(facts.memoryMb, ctx.facts.os) : 'some MB';
}

async function enableRuleUpdates(ctx: StepContext): Promise<boolean> {
  const timer = 'spamassassin-maintenance.timer';
  return ensure(ctx, sh`systemctl is-enabled --quiet ${timer}`, sh`systemctl enable --now ${timer} >/dev/null 2>&1`);
}

export async function verifySpamFilter(ctx: StepContext): Promise<CheckResult[]> {
  const filter = chosen(ctx);
  return filter ? checkFilterOn(ctx.remote, filter, ctx.answers.domain) : [];
}
