// The pages after the run, in the guide's order: the DNS records, the
// reverse DNS to set, Gmail's "send mail as" settings, then the summary.
// Built as plain lines from the run's report so they are easy to test.
import type { CheckResult } from '../checks/types.js';
import type { Answers } from '../state/answers.js';
import type { Secrets } from '../state/secrets.js';
import { hostProfiles } from './assets.js';
import type { RunReport } from './controller.js';

export type Line = { text: string; tone?: 'green' | 'red' | 'yellow' | 'gray' | 'cyan' };

export interface ResultPage {
  id: string;
  title: string;
  why: string;
  lines: Line[];
}

const MARK = { ok: '✓', warn: '!', fail: '✗', skip: '-' } as const;
const TONE = { ok: 'green', warn: 'yellow', fail: 'red', skip: 'gray' } as const;

function checkLines(checks: CheckResult[]): Line[] {
  const out: Line[] = [];
  for (const c of [...checks].sort((a, b) => order(a) - order(b))) {
    out.push({ text: `${MARK[c.status]} ${c.title}`, tone: TONE[c.status] });
    if (c.status === 'fail' || c.status === 'warn') {
      if (c.details) out.push({ text: `    ${c.details}`, tone: 'gray' });
      if (c.fix) out.push({ text: `    fix: ${c.fix}` });
    }
  }
  return out;
}

/** Steps skipped at the user's request: what each leaves undone, and how to finish it. */
function skippedLines(report: RunReport): Line[] {
  const skipped = report.skipped ?? [];
  if (!skipped.length) return [];
  return [
    ...skipped.map((s) => ({ text: `Skipped "${s.title}": ${s.leaves}.`, tone: 'yellow' as const })),
    { text: 'Run mailsetup again to do the skipped steps.', tone: 'yellow' },
    { text: '' },
  ];
}

const order = (c: CheckResult) => ({ fail: 0, warn: 1, ok: 2, skip: 3 })[c.status];

export function resultPages(report: RunReport, answers: Answers, secrets: Secrets, generated: string[]): ResultPage[] {
  const profile = hostProfiles().find((p) => p.id === answers.host.profile);
  const counts = { ok: 0, warn: 0, fail: 0, skip: 0 };
  for (const c of report.checks) counts[c.status]++;
  const ready = report.ok && counts.fail === 0;
  const skipped = report.skipped?.length ?? 0;
  return [
    {
      id: 'records',
      title: 'DNS records',
      why: answers.dns.provider === 'manual' ? 'These are at your DNS provider now (mailsetup waited until it saw them).' : 'Published for you; here for your records.',
      lines: [...report.recordsTable.split('\n').map((text) => ({ text })), { text: '' }, { text: 'As a BIND zone snippet:', tone: 'gray' as const }, ...report.zoneSnippet.split('\n').map((text) => ({ text }))],
    },
    {
      id: 'rdns',
      title: 'Reverse DNS',
      why: 'Receivers look the sending IP up; it must name your server, and that name must point back.',
      lines: [
        ...report.ptr.map((p) => ({ text: `${p.ip}  ->  ${p.value}`, tone: 'cyan' as const })),
        { text: '' },
        ...(profile ? [{ text: `${profile.title}: ${profile.rdns}` }, ...(profile.rdnsUrl ? [{ text: profile.rdnsUrl, tone: 'cyan' as const }] : [])] : []),
        ...report.checks.filter((c) => c.area === 'Reverse DNS').map((c) => ({ text: `${MARK[c.status]} ${c.title}`, tone: TONE[c.status] })),
      ],
    },
    {
      id: 'sendas',
      title: 'Send as, from Gmail',
      why: 'Gmail can send as your address through this server: Settings > Accounts > "Add another email address".',
      lines: [
        { text: `SMTP server:  ${answers.hostname}` },
        { text: 'Port:         465, "Secured connection using SSL"' },
        { text: `Username:     the full address (${answers.senders[0] ?? `you@${answers.domain}`})` },
        { text: 'Password:     the sender\'s password' },
        { text: '' },
        { text: answers.receiving.mode === 'forward' ? 'Gmail mails a code to confirm: it arrives through the forwarding.' : 'Gmail mails a code to confirm: it arrives at your mailbox provider.', tone: 'gray' },
      ],
    },
    {
      id: 'summary',
      title: ready && skipped ? `Ready, with ${skipped} step${skipped > 1 ? 's' : ''} skipped.` : ready ? 'Your mail server is ready.' : report.ok ? 'Set up, but some checks fail.' : `Stopped at "${report.failedStep}".`,
      why: `Checks: ${counts.ok} ok, ${counts.warn} warn, ${counts.fail} fail${report.proof ? ` · test mail: ${report.proof}` : ''}`,
      lines: [
        ...(report.error ? report.error.split('\n').slice(0, 6).map((text) => ({ text, tone: 'red' as const })) : []),
        ...skippedLines(report),
        ...generated.map((address) => ({ text: `Password for ${address} (shown once): ${secrets.senderPasswords[address]}`, tone: 'yellow' as const })),
        ...checkLines(report.checks),
        { text: '' },
        { text: `State: ${report.stateFile}`, tone: 'gray' },
        ...(report.logFile ? [{ text: `Log:   ${report.logFile}`, tone: 'gray' as const }] : []),
        { text: `Re-check later: ${report.recheckCommand}` },
      ],
    },
  ];
}
