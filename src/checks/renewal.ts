// Does the certificate's renewal actually work, not only is it scheduled
// (service.renewal)? Neither lego nor acme.sh has a dry run that leaves the
// certificate alone, and forcing a renewal from a check would spend the CA's
// rate limit. So the check reads what a renewal leaves behind and asks what
// it needs: the last run of mailsetup's daily renewal service ended well
// (its journal when not), and the server reaches the ACME directory it renews
// from, trusting the CA file renewal trusts. The lab proves the rest by
// running the real renewal against Pebble.
import { sh } from '../remote/quote.js';
import type { Remote } from '../remote/types.js';
import { serverText } from '../remote/server-text.js';
import { acmeCaFile, RENEW_SCRIPT, RENEW_SERVICE } from '../server/paths.js';
import { systemdProps } from '../server/systemd-props.js';
import type { CheckContext } from './context.js';
import { probesInOne } from './probes-in-one.js';
import { describeError, results } from './result.js';
import type { CheckResult } from './types.js';

const r = results('Renewal');
const LETS_ENCRYPT = 'https://acme-v02.api.letsencrypt.org/directory';

type Ctx = Pick<CheckContext, 'remote' | 'noRemoteReason' | 'timeoutMs'>;

const run = (remote: Remote, cmd: ReturnType<typeof sh>, timeoutMs: number) => remote.exec(cmd, { allowFailure: true, readOnly: true, timeoutMs });

export async function checkRenewalWorks(ctx: Ctx): Promise<CheckResult[]> {
  if (!ctx.remote) {
    const why = ctx.noRemoteReason ?? 'no SSH access';
    return [r.skip('renewal.last-run', 'The last certificate renewal ended well', why), r.skip('renewal.acme-reachable', 'The server reaches the ACME server', why)];
  }
  // The script and the last run in one command (probes-in-one.ts); the last run unused when there is no script.
  const [script, shown] = (await probesInOne(ctx.remote, [sh`cat ${RENEW_SCRIPT} 2>/dev/null`, SHOW_LAST_RUN], ctx.timeoutMs)
    .catch(() => [])).map((o) => o.stdout);
  if (!script) return []; // not a host whose renewal mailsetup set up: service.renewal says what is there
  return Promise.all([lastRun(ctx.remote, shown ?? '', ctx.timeoutMs), reachable(ctx.remote, script, ctx.timeoutMs)]);
}

const SHOW_LAST_RUN = sh`systemctl show ${RENEW_SERVICE} -p Result -p ExecMainStatus -p ExecMainStartTimestamp -p ExecMainExitTimestamp`;


/** The verdict on the last run from what `systemctl show` said of it; its journal is read only when it failed. */
async function lastRun(remote: Remote, showOutput: string, timeoutMs: number): Promise<CheckResult> {
  const title = 'The last certificate renewal ended well';
  const fix = 'Run `mailsetup cert renew` to see the error and renew now; then the daily renewal works again.';
  try {
    const shown = systemdProps(showOutput);
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

async function reachable(remote: Remote, script: string, timeoutMs: number): Promise<CheckResult> {
  const url = renewalServer(script);
  const title = `The server reaches the ACME server (${url})`;
  const seconds = String(Math.max(1, Math.floor(timeoutMs / 1000)));
  // The CA file mailsetup uploads for a private ACME server, when there is one: the renewal trusts it too.
  const cmd = sh`if [ -r ${acmeCaFile} ]; then curl -sS --max-time ${seconds} --cacert ${acmeCaFile} ${url}; else curl -sS --max-time ${seconds} ${url}; fi`;
  try {
    const res = await run(remote, cmd, timeoutMs + 2000);
    if (res.code === 0 && /"newOrder"/.test(res.stdout)) return r.ok('renewal.acme-reachable', title, 'the directory answers (newOrder listed)');
    const why = serverText((res.stderr || res.stdout).trim().split('\n')[0] ?? '', 200) || `curl exit ${res.code}`;
    return r.fail('renewal.acme-reachable', title, `from the server: ${why}`,
      `Let the server reach ${new URL(url).host} over HTTPS (firewall, DNS, CA trust store); renewal fails until it can.`);
  } catch (err) {
    return r.fail('renewal.acme-reachable', title, describeError(err), 'Check SSH access, then run the check again.');
  }
}
