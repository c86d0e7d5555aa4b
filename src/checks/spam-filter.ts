// The spam filter in front of the forwarding, seen from the server: the
// filter named in /etc/chasquid/spam-filter runs and flags the GTUBE test
// message, and chasquid's post-data hook is the one that asks it. A stopped
// filter does not let spam through (the hook defers mail it cannot judge),
// but mail from outside then waits: both are worth a loud result.
import { sh } from '../remote/quote.js';
import { printText } from '../remote/text-read.js';
import type { Remote } from '../remote/types.js';
import { postDataHook } from '../server/paths.js';
import { gtubeScan, onConfiguredFilter, readSpamFilterSetting, scansGtube, SPAM_FILTERS, spamFilterNamed, spamFilterSetting, type SpamFilter } from '../server/spam-filter.js';
import { defaultCgroup, memoryInDefaultCgroup, memoryMbFrom, unitMemoryMb } from '../server/unit-memory.js';
import { readUnitStates, unitState } from '../server/unit-states.js';
import type { CheckContext } from './context.js';
import { probesInOne } from './probes-in-one.js';
import { describeError, results } from './result.js';
import type { CheckResult } from './types.js';

const r = results('Receiving');

const TITLE = 'Spam filter judges mail from outside before it is forwarded';
const HOOK_TITLE = "chasquid's post-data hook asks the spam filter";

type Ctx = Pick<CheckContext, 'remote' | 'noRemoteReason' | 'timeoutMs' | 'domain' | 'unitStates'>;

/** Every filter's unit: its state is read with the other families' units in --check, before the setting is known. */
export const SPAM_FILTER_UNITS = Object.values(SPAM_FILTERS).map((f) => f.unit);

export async function checkSpamFilter(ctx: Ctx): Promise<CheckResult[]> {
  const { remote } = ctx;
  if (!remote) return [r.skip('receiving.spam-filter', TITLE, ctx.noRemoteReason ?? 'no SSH access')];
  const t = ctx.timeoutMs;
  // The scan and the memory each choose their filter on the server, at
  // once, beside the units' states: the scan is --check's slowest probe, and
  // it starts without a round trip first to read which filter is set.
  const [scan, memory, states] = await Promise.all([
    onConfiguredFilter(remote, (f) => gtubeScan(f, ctx.domain), t),
    onConfiguredFilter(remote, (f) => memoryInDefaultCgroup(f.unit), t),
    ctx.unitStates?.() ?? readUnitStates(remote, SPAM_FILTER_UNITS, t),
  ]);
  const filter = memory.filter;
  if (!filter) return [r.skip('receiving.spam-filter', TITLE, `no spam filter set up (${spamFilterSetting} names none)`)];
  // The setting changed between the two: ask again, knowing the filter.
  if (scan.filter !== filter) return [await filterAnswers(remote, filter, ctx.domain, t)];
  const unit = unitState(states, filter.unit);
  const cgroup = unit.get('ControlGroup') ?? '';
  // The unit runs in a slice of its own: measured where systemd says it is.
  const mb = cgroup && cgroup !== defaultCgroup(filter.unit) ? await unitMemoryMb(remote, filter.unit, t) : memoryMbFrom(memory.run.stdout);
  return [filterVerdict(filter, unit.get('ActiveState') ?? '', scan.run.code, mb)];
}

/**
 * The hook on its own, so that a filter slow to scan (a loaded server) cannot
 * take the hook's verdict down with its family's time budget.
 */
export async function checkSpamFilterHook(ctx: Ctx): Promise<CheckResult[]> {
  const { remote } = ctx;
  if (!remote) return [r.skip('receiving.spam-filter.hook', HOOK_TITLE, ctx.noRemoteReason ?? 'no SSH access')];
  // The setting and the hook in one command (probes-in-one.ts).
  const [setting, hook] = await probesInOne(remote, [readSpamFilterSetting, READ_HOOK], ctx.timeoutMs);
  if (!spamFilterNamed(setting!.stdout)) return [r.skip('receiving.spam-filter.hook', HOOK_TITLE, `no spam filter set up (${spamFilterSetting} names none)`)];
  return [hookResult(hook!.stdout)];
}

/** The results for a known filter: a step's verify calls this with the filter it set up. */
export async function checkFilterOn(remote: Remote, filter: SpamFilter, domain: string, timeoutMs?: number): Promise<CheckResult[]> {
  return Promise.all([filterAnswers(remote, filter, domain, timeoutMs), hookAsks(remote, timeoutMs)]);
}

async function filterAnswers(remote: Remote, filter: SpamFilter, domain: string, timeoutMs?: number): Promise<CheckResult> {
  try {
    // State, scan and memory in one round trip; a scan of a stopped filter just fails, and is read as such.
    const [stateRun, scan, mb] = await Promise.all([
      remote.exec(isActive(filter), { readOnly: true, allowFailure: true, timeoutMs }),
      scansGtube(remote, filter, domain, timeoutMs),
      unitMemoryMb(remote, filter.unit, timeoutMs),
    ]);
    return filterVerdict(filter, stateRun.stdout, scan.code, mb);
  } catch (err) {
    return r.fail('receiving.spam-filter', TITLE, describeError(err), filterFix(filter));
  }
}

const isActive = (filter: SpamFilter) => sh`systemctl is-active ${filter.unit}`;

const filterFix = (filter: SpamFilter) =>
  `systemctl enable --now ${filter.unit} on the server (or run mailsetup again); journalctl -u ${filter.unit} says why it stopped. Until it runs, mail from outside is deferred (451).`;

/** The verdict from what the server said: the unit's state, the GTUBE scan's exit code, its memory. */
function filterVerdict(filter: SpamFilter, stateOut: string, scanCode: number, mb: number | undefined): CheckResult {
  const state = stateOut.trim();
  if (state !== 'active') return r.fail('receiving.spam-filter', TITLE, `${filter.title} (${filter.unit}) is ${state || 'not installed'}`, filterFix(filter));
  if (scanCode !== 0) {
    return r.fail('receiving.spam-filter', TITLE, `${filter.title} (${filter.unit}) is active but did not flag the GTUBE test message as spam`, filterFix(filter));
  }
  return r.ok('receiving.spam-filter', TITLE, `${filter.title} (${filter.unit}) flags the GTUBE test message${mb === undefined ? '' : `; it uses ${mb} MB of memory`}`);
}

const READ_HOOK = printText(postDataHook);

async function hookAsks(remote: Remote, timeoutMs?: number): Promise<CheckResult> {
  return hookResult((await remote.exec(READ_HOOK, { readOnly: true, allowFailure: true, timeoutMs })).stdout);
}

function hookResult(hook: string): CheckResult {
  const fix = `run mailsetup again: it writes its post-data hook, which asks the filter named in ${spamFilterSetting}`;
  if (!hook) return r.fail('receiving.spam-filter.hook', HOOK_TITLE, `${postDataHook} is missing: mail from outside is forwarded unjudged`, fix);
  return hook.includes(spamFilterSetting)
    ? r.ok('receiving.spam-filter.hook', HOOK_TITLE, `${postDataHook} reads ${spamFilterSetting}`)
    : r.fail('receiving.spam-filter.hook', HOOK_TITLE, `${postDataHook} is not mailsetup's: it does not read ${spamFilterSetting}`, fix);
}
