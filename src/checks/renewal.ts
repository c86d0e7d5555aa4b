// Does the certificate's renewal actually work, not only is it scheduled
// (service.renewal)? Neither lego nor acme.sh has a dry run that leaves the
// certificate alone, and forcing a renewal from a check would spend the CA's
// rate limit. So the check reads what a renewal leaves behind and asks what
// it needs: the last run of mailsetup's daily renewal service ended well
// (its journal when not), and the server reaches the ACME directory it renews
// from, trusting the CA file renewal trusts. The lab proves the rest by
// running the real renewal against Pebble.
import { raw, sh, type Raw } from '../remote/quote.js';
import type { Remote } from '../remote/types.js';
import { serverText } from '../remote/server-text.js';
import { printText } from '../remote/text-read.js';
import { acmeCaFile, RENEW_SCRIPT, RENEW_SERVICE } from '../server/paths.js';
import { readUnitStates, unitState, type UnitState } from '../server/unit-states.js';
import type { CheckContext } from './context.js';
import { probesInOne } from './probes-in-one.js';
import { describeError, results } from './result.js';
import type { CheckResult } from './types.js';

const r = results('Renewal');
const LETS_ENCRYPT = 'https://acme-v02.api.letsencrypt.org/directory';

type Ctx = Pick<CheckContext, 'remote' | 'noRemoteReason' | 'timeoutMs' | 'unitStates'>;

/** The unit whose last run the family judges (its state is read with the other families' units in --check). */
export const RENEWAL_UNITS = [RENEW_SERVICE] as const;

const run = (remote: Remote, cmd: ReturnType<typeof sh>, timeoutMs: number) => remote.exec(cmd, { allowFailure: true, readOnly: true, timeoutMs });

export async function checkRenewalWorks(ctx: Ctx): Promise<CheckResult[]> {
  if (!ctx.remote) {
    const why = ctx.noRemoteReason ?? 'no SSH access';
    return [r.skip('renewal.last-run', 'The last certificate renewal ended well', why), r.skip('renewal.acme-reachable', 'The server reaches the ACME server', why)];
  }
  // The script and the ACME directory fetched from the URL the server finds
  // in the script, in one command (probes-in-one.ts), beside the last run's
  // state (the units' read): the fetch does not wait a round trip for the
  // script. Its answer counts only when the URL it used is the one
  // renewalServer reads here; else it is fetched again.
  const t = ctx.timeoutMs;
  const shown = (ctx.unitStates?.() ?? readUnitStates(ctx.remote, RENEWAL_UNITS, t)).then((states) => unitState(states, RENEW_SERVICE));
  const [script, early] = (await probesInOne(ctx.remote, [printText(RENEW_SCRIPT), fetchFromScript(t)], t + 2000, { network: true })
    .catch(() => []));
  shown.catch(() => undefined); // its failure is lastRun's to report
  if (!script?.stdout) return []; // not a host whose renewal mailsetup set up: service.renewal says what is there
  const url = renewalServer(script.stdout);
  const newline = early!.stdout.indexOf('\n');
  const fetched = newline >= 0 && early!.stdout.slice(0, newline) === url && early!.code >= 0
    ? reachableResult(url, { code: early!.code, said: early!.stdout.slice(newline + 1) })
    : reachable(ctx.remote, url, t);
  return Promise.all([lastRun(ctx.remote, shown, t), fetched]);
}

/** The verdict on the last run from what `systemctl show` said of it; its journal is read only when it failed. */
async function lastRun(remote: Remote, state: Promise<UnitState>, timeoutMs: number): Promise<CheckResult> {
  const title = 'The last certificate renewal ended well';
  const fix = 'Run `mailsetup cert renew` to see the error and renew now; then the daily renewal works again.';
  try {
    const shown = await state;
    const started = shown.get('ExecMainStartTimestamp') ?? '';
    if (!started || started === 'n/a') return r.skip('renewal.last-run', title, 'the daily renewal has not run yet');
    const result = shown.get('Result');
    const status = shown.get('ExecMainStatus');
    if (result === 'success' && (status === '0' || status === undefined)) return r.ok('renewal.last-run', title, `last run ${serverText(started, 80)}: exit 0`);
    const journal = (await run(remote, sh`journalctl -u ${RENEW_SERVICE} -n 3 --no-pager -o cat`, timeoutMs)).stdout.trim().split('\n').slice(-3).join(' | ');
    return r.fail('renewal.last-run', title, `last run ${serverText(started, 80)}: ${serverText(result ?? '?', 40)}, exit ${serverText(status ?? '?', 10)}${journal ? `; ${serverText(journal, 300)}` : ''}`, fix);
  } catch (err) {
    return r.fail('renewal.last-run', title, describeError(err), 'Check SSH access, then run the check again.');
  }
}

/** The ACME directory the renewal uses: lego's or acme.sh's `--server` in the renew script, else Let's Encrypt. */
export function renewalServer(script: string): string {
  const m = /--server'?\s+'?(https:\/\/[^'\s]+)'?/.exec(script);
  return m ? m[1]! : LETS_ENCRYPT;
}

/** Fetches the ACME directory at `url` (a shell word) from the server, trusting the CA file renewal trusts; curl's errors on stdout. */
function fetchDirectory(url: Raw, timeoutMs: number): Raw {
  const seconds = String(Math.max(1, Math.floor(timeoutMs / 1000)));
  // The CA file mailsetup uploads for a private ACME server, when there is one: the renewal trusts it too.
  return sh`if [ -r ${acmeCaFile} ]; then curl -sS --max-time ${seconds} --cacert ${acmeCaFile} ${url} 2>&1; else curl -sS --max-time ${seconds} ${url} 2>&1; fi`;
}

/**
 * Sets the shell variable `url` to the URL renewalServer reads in the
 * script at `path`, found on the server (the first line naming --server;
 * empty when none): a guess that lets the fetch start early, checked against
 * renewalServer. Bash builtins only (read, [[ =~ ]], no `$(...)`): a sed, a
 * head or a subshell cost the server more than the read.
 */
export const urlFromScript = (path: string): Raw =>
  sh`url= re=${"--server'?[[:space:]]+'?(https://[^'[:space:]]+)"}
while IFS= read -r line || [ -n "$line" ]; do
  if [[ $line =~ $re ]]; then url=\${BASH_REMATCH[1]}; break; fi
done <${path}`;

/** The directory fetched from the server the script names (its URL on the first line). A probe: it returns, never exits. */
function fetchFromScript(timeoutMs: number): Raw {
  return sh`[ -r ${RENEW_SCRIPT} ] || return 0
${urlFromScript(RENEW_SCRIPT)}; url=\${url:-${LETS_ENCRYPT}}
printf '%s\\n' "$url"; ${fetchDirectory(raw('"$url"'), timeoutMs)}`;
}

async function reachable(remote: Remote, url: string, timeoutMs: number): Promise<CheckResult> {
  try {
    const res = await run(remote, fetchDirectory(sh`${url}`, timeoutMs), timeoutMs + 2000);
    return reachableResult(url, { code: res.code, said: res.stdout });
  } catch (err) {
    return r.fail('renewal.acme-reachable', reachableTitle(url), describeError(err), 'Check SSH access, then run the check again.');
  }
}

const reachableTitle = (url: string) => `The server reaches the ACME server (${url})`;

/** The verdict from curl's exit code and what it printed (the directory, or its error). */
function reachableResult(url: string, fetched: { code: number; said: string }): CheckResult {
  const title = reachableTitle(url);
  if (fetched.code === 0 && /"newOrder"/.test(fetched.said)) return r.ok('renewal.acme-reachable', title, 'the directory answers (newOrder listed)');
  const why = serverText(fetched.said.trim().split('\n')[0] ?? '', 200) || `curl exit ${fetched.code}`;
  return r.fail('renewal.acme-reachable', title, `from the server: ${why}`,
    `Let the server reach ${new URL(url).host} over HTTPS (firewall, DNS, CA trust store); renewal fails until it can.`);
}
