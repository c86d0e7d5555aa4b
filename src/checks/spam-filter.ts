// The spam filter in front of the forwarding, seen from the server: the
// filter named in /etc/chasquid/spam-filter runs and flags the GTUBE test
// message, and chasquid's post-data hook is the one that asks it. A stopped
// filter does not let spam through (the hook defers mail it cannot judge),
// but mail from outside then waits: both are worth a loud result.
import { sh } from '../remote/quote.js';
import type { Remote } from '../remote/types.js';
import { postDataHook } from '../server/paths.js';
import { configuredSpamFilter, gtubeMessage, spamFilterSetting, unitMemoryMb, type SpamFilter } from '../server/spam-filter.js';
import type { CheckContext } from './context.js';
import { describeError, results } from './result.js';
import type { CheckResult } from './types.js';

const r = results('Receiving');

const TITLE = 'Spam filter judges mail from outside before it is forwarded';
const HOOK_TITLE = "chasquid's post-data hook asks the spam filter";

type Ctx = Pick<CheckContext, 'remote' | 'noRemoteReason' | 'timeoutMs' | 'domain'>;

export async function checkSpamFilter(ctx: Ctx): Promise<CheckResult[]> {
  const { remote } = ctx;
  if (!remote) return [r.skip('receiving.spam-filter', TITLE, ctx.noRemoteReason ?? 'no SSH access')];
  const filter = await configuredSpamFilter(remote, ctx.timeoutMs);
  if (!filter) return [r.skip('receiving.spam-filter', TITLE, `no spam filter set up (${spamFilterSetting} names none)`)];
  return [await filterAnswers(remote, filter, ctx.domain, ctx.timeoutMs)];
}

/**
 * The hook on its own, so that a filter slow to scan (a loaded server) cannot
 * take the hook's verdict down with its family's time budget.
 */
export async function checkSpamFilterHook(ctx: Ctx): Promise<CheckResult[]> {
  const { remote } = ctx;
  if (!remote) return [r.skip('receiving.spam-filter.hook', HOOK_TITLE, ctx.noRemoteReason ?? 'no SSH access')];
  const filter = await configuredSpamFilter(remote, ctx.timeoutMs);
  if (!filter) return [r.skip('receiving.spam-filter.hook', HOOK_TITLE, `no spam filter set up (${spamFilterSetting} names none)`)];
  return [await hookAsks(remote, ctx.timeoutMs)];
}

/** The results for a known filter: a step's verify calls this with the filter it set up. */
export async function checkFilterOn(remote: Remote, filter: SpamFilter, domain: string, timeoutMs?: number): Promise<CheckResult[]> {
  return Promise.all([filterAnswers(remote, filter, domain, timeoutMs), hookAsks(remote, timeoutMs)]);
}

async function filterAnswers(remote: Remote, filter: SpamFilter, domain: string, timeoutMs?: number): Promise<CheckResult> {
  const fix = `systemctl enable --now ${filter.unit} on the server (or run mailsetup again); journalctl -u ${filter.unit} says why it stopped. Until it runs, mail from outside is deferred (451).`;
  try {
    // State, scan and memory in one round trip. The test message is no
    // secret, so it travels in the command (piped in) and the scan can share
    // the batch; a scan of a stopped filter just fails, and is read as such.
    const message = gtubeMessage(`gtube@${domain}`, `postmaster@${domain}`);
    const [stateRun, scan, mb] = await Promise.all([
      remote.exec(sh`systemctl is-active ${filter.unit}`, { readOnly: true, allowFailure: true, timeoutMs }),
      remote.exec(sh`printf '%s' ${message} | { ${filter.scansAsSpam}; }`, { readOnly: true, allowFailure: true, timeoutMs }),
      unitMemoryMb(remote, filter.unit, timeoutMs),
    ]);
    const state = stateRun.stdout.trim();
    if (state !== 'active') return r.fail('receiving.spam-filter', TITLE, `${filter.title} (${filter.unit}) is ${state || 'not installed'}`, fix);
    if (scan.code !== 0) {
      return r.fail('receiving.spam-filter', TITLE, `${filter.title} (${filter.unit}) is active but did not flag the GTUBE test message as spam`, fix);
    }
    return r.ok('receiving.spam-filter', TITLE, `${filter.title} (${filter.unit}) flags the GTUBE test message${mb === undefined ? '' : `; it uses ${mb} MB of memory`}`);
  } catch (err) {
    return r.fail('receiving.spam-filter', TITLE, describeError(err), fix);
  }
}

async function hookAsks(remote: Remote, timeoutMs?: number): Promise<CheckResult> {
  const fix = `run mailsetup again: it writes its post-data hook, which asks the filter named in ${spamFilterSetting}`;
  const hook = (await remote.exec(sh`cat ${postDataHook} 2>/dev/null`, { readOnly: true, allowFailure: true, timeoutMs })).stdout;
  if (!hook) return r.fail('receiving.spam-filter.hook', HOOK_TITLE, `${postDataHook} is missing: mail from outside is forwarded unjudged`, fix);
  return hook.includes(spamFilterSetting)
    ? r.ok('receiving.spam-filter.hook', HOOK_TITLE, `${postDataHook} reads ${spamFilterSetting}`)
    : r.fail('receiving.spam-filter.hook', HOOK_TITLE, `${postDataHook} is not mailsetup's: it does not read ${spamFilterSetting}`, fix);
}
