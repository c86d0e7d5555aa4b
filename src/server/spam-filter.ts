// The spam filter that judges mail from outside before chasquid accepts it
// for forwarding: which filters mailsetup knows, where the choice is kept on
// the server (the post-data hook reads it there). The setup step, --check
// and the receiving screen all name a filter through this table (its memory:
// unit-memory.ts).
import { raw, sh, type Raw } from '../remote/quote.js';
import { printText, readText } from '../remote/text-read.js';
import type { ExecResult, Remote } from '../remote/types.js';
import { CHASQUID_DIR } from './paths.js';

export type SpamFilterId = 'spamassassin' | 'rspamd';

export interface SpamFilter {
  id: SpamFilterId;
  title: string;
  /** Debian packages: the daemon, the client the hook calls, and what the filter needs of their Recommends. */
  packages: string[];
  /** The systemd unit of the daemon. */
  unit: string;
  /**
   * A command that scans the message on stdin and exits 0 only when the
   * filter judges it spam: the check feeds it the GTUBE test message.
   */
  scansAsSpam: Raw;
}

export const SPAM_FILTERS: Record<SpamFilterId, SpamFilter> = {
  spamassassin: {
    id: 'spamassassin',
    title: 'SpamAssassin',
    // Two of SpamAssassin's Recommends that filtering needs: its SPF rules (Mail::SPF), and gnupg,
    // without which sa-update refuses the signed rule updates (gpg alone is not enough: the
    // package's own set-up then fails importing the update key without gpg-agent).
    packages: ['spamd', 'spamc', 'libmail-spf-perl', 'gnupg'],
    unit: 'spamd',
    // As the post-data hook calls it: spamc -c exits 1 for spam, 0 for ham; -x makes "spamd
    // unreachable" an error (69) instead of "ham"; -d 127.0.0.1: spamd fails on a client at ::1
    // that /etc/hosts does not name; -u: spamd's own user and preferences, whoever asks.
    scansAsSpam: raw('spamc -d 127.0.0.1 -u debian-spamd -x -c >/dev/null; [ $? -eq 1 ]'),
  },
  rspamd: {
    id: 'rspamd',
    title: 'rspamd',
    packages: ['rspamd'],
    unit: 'rspamd',
    scansAsSpam: raw("rspamc | grep -qx 'Action: reject'"),
  },
};

export const isSpamFilterId = (v: string): v is SpamFilterId => Object.hasOwn(SPAM_FILTERS, v);

/** One word, the filter's id: the post-data hook filters mail from outside only when this file names one. */
export const spamFilterSetting = `${CHASQUID_DIR}/spam-filter`;

/**
 * GTUBE, the test string every spam filter recognises as spam
 * (https://spamassassin.apache.org/gtube/); rspamd knows it too.
 */
export const GTUBE = 'XJS*C4JDBQADN1.NSBN3*2IDNEN*GTUBE-STANDARD-ANTI-UBE-TEST-EMAIL*C.34X';

/** A small message with the GTUBE line, to prove a filter refuses what it must. */
export function gtubeMessage(from: string, to: string): string {
  return [`From: <${from}>`, `To: <${to}>`, 'Subject: GTUBE test', `Message-ID: <gtube.${Date.now()}@mailsetup>`, '', GTUBE, ''].join('\r\n');
}

/**
 * Feeds the filter a GTUBE message from `domain`; exit 0 when it says spam.
 * The message is no secret, so it travels in the command (piped in) rather
 * than on stdin, and the scan can share a round trip with other probes.
 */
export function scansGtube(remote: Remote, filter: SpamFilter, domain: string, timeoutMs?: number) {
  return remote.exec(gtubeScan(filter, domain), { readOnly: true, allowFailure: true, timeoutMs });
}

/** The command behind scansGtube: exit 0 when `filter` judges the GTUBE message from `domain` spam. */
export function gtubeScan(filter: SpamFilter, domain: string): Raw {
  const message = gtubeMessage(`gtube@${domain}`, `postmaster@${domain}`);
  // A here-string, not a pipe from printf: one process fewer on the server.
  return sh`{ ${filter.scansAsSpam}; } <<<${message}`;
}

/** What onConfiguredFilter ran: for which filter (none: the setting names none, nothing ran), and its result. */
export interface ConfiguredRun {
  filter?: SpamFilter;
  run: ExecResult;
}

/**
 * `build`'s command for whichever filter the server is set to use, the
 * setting read on the server in the same command (a case over every filter
 * mailsetup knows, the word trimmed as spamFilterNamed trims it): a
 * probe of the filter starts at once instead of a round trip after the
 * setting's own read. --check's GTUBE scan, its slowest probe, starts so.
 */
export async function onConfiguredFilter(remote: Remote, build: (filter: SpamFilter) => Raw, timeoutMs?: number): Promise<ConfiguredRun> {
  // Each arm names its filter on a first line of its own; the other arm prints nothing.
  const arms = Object.values(SPAM_FILTERS).map((f) => sh`${f.id}) printf '%s\\n' ${f.id}; ${build(f)};;`);
  const res = await remote.exec(sh`${readText(spamFilterSetting)}; w=$text
w=\${w#"\${w%%[![:space:]]*}"}; w=\${w%"\${w##*[![:space:]]}"}
case "$w" in
${arms}
*) exit 0;;
esac`, { readOnly: true, allowFailure: true, timeoutMs });
  const firstLine = res.stdout.indexOf('\n');
  const word = res.stdout.slice(0, Math.max(0, firstLine));
  const run = { ...res, stdout: res.stdout.slice(firstLine + 1) };
  return isSpamFilterId(word) ? { filter: SPAM_FILTERS[word], run } : { run };
}

/** Reads the file that names the filter the server is set to use (spamFilterNamed reads the answer). */
export const readSpamFilterSetting = printText(spamFilterSetting);

/** The filter the setting file's content names, or undefined when none (no file, or a word mailsetup does not know). */
export function spamFilterNamed(setting: string): SpamFilter | undefined {
  const word = setting.trim();
  return isSpamFilterId(word) ? SPAM_FILTERS[word] : undefined;
}
