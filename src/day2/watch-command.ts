// `mailsetup watch on|off`: the daily checker on the server (assets/watch/),
// its settings, a sender of its own so that chasquid signs its mail with
// DKIM, and a systemd timer. `on` ends with one run of the checker, which
// sets the baseline later runs compare with; `off` takes every piece away.
import { checkWatchGone, checkWatchTimer, lastWatchResults } from '../checks/watch.js';
import type { Blocklist } from '../checks/context.js';
import { DEFAULT_BLOCKLISTS } from '../checks/context.js';
import { sh } from '../remote/quote.js';
import { serverLine } from '../remote/server-text.js';
import { chasquidOwner } from '../server/group.js';
import { usersFile, WATCH_SENDER, WATCH_SERVICE, WATCH_TIMER, watchFiles } from '../server/paths.js';
import { restartChasquid } from '../server/service.js';
import { parseUsers, withoutUsers, withUsers } from '../server/userdb.js';
import type { Session } from '../session/session.js';
import { asset, fill } from '../tasks/assets.js';
import { plannedRecords, zoneResolver } from '../tasks/dns-publish.js';
import { writeSecretFile } from '../tasks/secret-file.js';
import type { StepContext } from '../tasks/types.js';
import type { PlannedChange } from './change.js';
import { generatePassword } from './sender-password.js';
import { watchConfig, type WatchSettings } from './watch-config.js';

// The watch's files, and the users file when only its own sender changes, are
// written without a backup copy: `watch off` must leave nothing behind, not
// even a copy of its sender's hash.
const NO_BACKUP = false;

/** The owner's mailbox: the one given, else where the domain's mail is forwarded. */
export function watchMailbox(ctx: StepContext, settings: WatchSettings): string | undefined {
  return settings.to ?? ctx.answers.receiving.forwardTo ?? ctx.answers.testMail.to;
}

/** The watch's own sender exists with the password kept in its root-only file; made (and chasquid restarted) when not. */
async function ensureWatchSender(ctx: StepContext): Promise<boolean> {
  const users = (await ctx.remote.readFile(usersFile(ctx.answers.domain)))?.toString('utf8') ?? '';
  const kept = (await ctx.remote.readFile(watchFiles.senderSecret))?.toString('utf8').trim();
  if (kept && parseUsers(users).some((u) => u.name === WATCH_SENDER)) return false;
  // Made up here and hashed here: the password itself only travels on stdin into the root-only file.
  const password = generatePassword();
  await writeSecretFile(ctx, watchFiles.senderSecret, `${password}\n`);
  await ctx.remote.writeFile(usersFile(ctx.answers.domain), withUsers(users, { [WATCH_SENDER]: password }).text, { mode: 0o640, owner: await chasquidOwner(ctx), backup: NO_BACKUP });
  await restartChasquid(ctx, 'adding the watch\'s sender');
  return true;
}

export async function watchOn(session: Session, settings: WatchSettings, blocklists: Blocklist[] = DEFAULT_BLOCKLISTS): Promise<PlannedChange> {
  const { ctx } = session;
  const { domain, hostname } = ctx.answers;
  const to = settings.webhook ? undefined : watchMailbox(ctx, settings);
  if (!settings.webhook && !to) throw new Error('whom should the watch tell? Give --to MAILBOX (or --webhook URL): this server forwards no mail to a mailbox mailsetup knows');
  const from = `${WATCH_SENDER}@${domain}`;
  const records = (await plannedRecords(ctx, await zoneResolver(ctx))).records;
  const ips = [...(ctx.facts.ipv4 ?? []), ...(ctx.answers.ipv6.enable ? (ctx.facts.ipv6 ?? []) : [])];
  const config = watchConfig({ domain, hostname, from, records, blocklists, ips }, { ...settings, to });
  return {
    plan: [
      `Watch ${hostname} every day at ${settings.at} (the server's clock):`,
      '  - chasquid running and listening, certificate days left and its renewal, the queue, disk and memory',
      `  - the DNS records as mailsetup published them, and the blocklists ${blocklists.map((b) => b.zone).join(', ')}`,
      settings.webhook
        ? `  - when the result changes: POST its JSON to ${settings.webhook}`
        : `  - when the result changes: a mail to ${to} from ${from} (a sender made for it), signed with DKIM${settings.weekly ? ', and weekly when all is good' : ''}`,
      `  - installs ${watchFiles.script}, ${watchFiles.config} and ${WATCH_TIMER}; \`mailsetup watch off\` removes them`,
    ],
    async apply(say) {
      if (!settings.webhook && (await ensureWatchSender(ctx))) say(`sender ${from} made; its password is only in ${watchFiles.senderSecret} (root only)`);
      await ctx.remote.writeFile(watchFiles.script, asset('watch/watch.sh'), { mode: 0o755, backup: NO_BACKUP });
      await ctx.remote.writeFile(watchFiles.dnsReader, asset('watch/watch-dns.awk'), { backup: NO_BACKUP });
      // 0600: a webhook URL often carries its token.
      await writeSecretFile(ctx, watchFiles.config, config);
      await ctx.remote.writeFile(watchFiles.service, fill(asset('watch/mailsetup-watch.service'), { script: watchFiles.script }), { backup: NO_BACKUP });
      await ctx.remote.writeFile(watchFiles.timer, fill(asset('watch/mailsetup-watch.timer'), { at: settings.at }), { backup: NO_BACKUP });
      await ctx.remote.exec(sh`systemctl daemon-reload && systemctl enable --now ${WATCH_TIMER} >/dev/null 2>&1`);
      say(`timer enabled: daily at ${settings.at}; a first run now sets what later runs compare with`);
      const first = await runWatchNow(ctx);
      say(first.line ? `first run: ${serverLine(first.line)}` : 'the first run printed nothing', first.ok ? 'info' : 'warn');
      return { checks: [await checkWatchTimer(ctx.remote), ...(await lastWatchResults(ctx.remote))] };
    },
  };
}

/** Run the checker now through its unit, as the timer does; its summary line, server text to show through serverLine. */
export async function runWatchNow(ctx: StepContext): Promise<{ ok: boolean; line: string }> {
  const res = await ctx.remote.exec(sh`systemctl start ${WATCH_SERVICE}; code=$?; tail -n 1 ${`${watchFiles.stateDir}/history`} 2>/dev/null; exit $code`, {
    allowFailure: true,
    timeoutMs: 5 * 60_000,
  });
  return { ok: res.code === 0, line: res.stdout.trim() };
}

export async function watchOff(session: Session): Promise<PlannedChange> {
  const { ctx } = session;
  const users = (await ctx.remote.readFile(usersFile(ctx.answers.domain)))?.toString('utf8') ?? '';
  const hasSender = parseUsers(users).some((u) => u.name === WATCH_SENDER);
  const gone = await checkWatchGone(ctx.remote, ctx.answers.domain);
  if (gone.status === 'ok') return { plan: [], nothing: 'The watch is not installed on this server: nothing to remove.', apply: async () => ({ checks: [gone] }) };
  return {
    plan: [`Stop watching ${ctx.answers.hostname}: remove ${WATCH_TIMER}, its service, ${watchFiles.script}, its settings, what it remembers (${watchFiles.stateDir})${hasSender ? ` and the sender ${WATCH_SENDER}@${ctx.answers.domain}` : ''}`],
    async apply(say) {
      const units = [WATCH_TIMER, WATCH_SERVICE];
      const files = Object.values(watchFiles).filter((f) => f !== watchFiles.stateDir);
      await ctx.remote.exec(sh`systemctl disable --now ${units} >/dev/null 2>&1; rm -f ${files}; rm -rf ${watchFiles.stateDir}; systemctl daemon-reload; systemctl reset-failed ${units} 2>/dev/null; true`);
      say('timer, service, checker and its state removed');
      if (hasSender) {
        await ctx.remote.writeFile(usersFile(ctx.answers.domain), withoutUsers(users, [WATCH_SENDER]).text, { backup: NO_BACKUP });
        await restartChasquid(ctx, 'removing the watch\'s sender');
        say(`sender ${WATCH_SENDER}@${ctx.answers.domain} removed`);
      }
      return { checks: [await checkWatchGone(ctx.remote, ctx.answers.domain)] };
    },
  };
}
