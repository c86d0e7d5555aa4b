// A step's plan in the words of the Review screen: packages to install,
// files to write (a diff when the file exists), services to restart or
// enable, firewall rules, DNS records to publish, and how many other commands run. Read
// from the dry run's records, so the review and `--dry-run` never disagree.
// Diffs hold the server's current file content: made inert before a screen shows them.
import type { DryRunRecord } from '../remote/dry-run.js';
import { serverLine } from '../remote/server-text.js';
import type { StepPlan } from './plan.js';

export interface FileChange {
  path: string;
  /** The file does not exist yet. */
  created: boolean;
  /** The changed lines (`+`/`-`) of an existing file, inert; empty for a new one or a file whose content is not shown. */
  diff: string[];
}

export interface StepReview {
  id: string;
  title: string;
  packages: string[];
  files: FileChange[];
  services: string[];
  records: string[];
  /** Firewall commands, as they will run. */
  firewall: string[];
  /** Commands that are none of the above (creating a directory, issuing the certificate, ...). */
  commands: number;
  /** The step could not be fully planned before the earlier steps run. */
  partial?: string;
}

const APT_INSTALL = /apt-get\b[^;&|]*?\binstall\b((?:\s+[^\s;&|]+)+)\s*$/;
const SYSTEMCTL = /^systemctl\s+(restart|reload|enable|start)\s+(?:--now\s+)?([^\s;&|>]+)/;
// Anywhere in the command: the firewall step chains its rules (`ufw allow 25/tcp && ufw allow 465/tcp`).
const FIREWALL = /(?:^|[\s;&|])(?:ufw|nft|iptables|ip6tables|firewall-cmd)\s/;
const SECRET_WRITE = /^: write (\S+)/;
const PUBLISH = /^: publish (.*)$/;
// Probes that only look (is the package list fresh?) are not changes a person reviews.
const APT_UPDATE_IF_STALE = /apt-get\b[^;]*\bupdate\b/;

const unquote = (word: string) => word.replace(/^'(.*)'$/, '$1');

function classify(record: DryRunRecord, out: StepReview): void {
  if (record.kind === 'write') {
    const created = record.diff.startsWith('--- /dev/null');
    const diff = created ? [] : record.diff.split('\n').filter((l) => /^[-+](?![-+]{2} )/.test(l)).map((l) => serverLine(l, 200));
    out.files.push({ path: record.path, created, diff });
    return;
  }
  const command = record.command.replace(/^export [^;]*;\s*/, '');
  const apt = APT_INSTALL.exec(command);
  const unit = SYSTEMCTL.exec(command);
  const secret = SECRET_WRITE.exec(command);
  const record_ = PUBLISH.exec(command);
  if (apt) out.packages.push(...apt[1]!.trim().split(/\s+/).filter((w) => !w.startsWith('-')).map(unquote));
  else if (unit) out.services.push(`${unit[1] === 'start' || unit[1] === 'enable' ? 'enable' : unit[1]} ${unquote(unit[2]!)}`);
  else if (secret) out.files.push({ path: unquote(secret[1]!), created: false, diff: ['(content not shown: it holds credentials)'] });
  else if (record_) out.records.push(record_[1]!);
  else if (FIREWALL.test(command)) out.firewall.push(command);
  else if (!APT_UPDATE_IF_STALE.test(command)) out.commands++;
}

/** Each step's review; steps with nothing to do are left out (an empty list: nothing to change). */
export function reviewOf(plans: StepPlan[]): StepReview[] {
  const out: StepReview[] = [];
  for (const plan of plans) {
    if (!plan.needed) continue;
    const review: StepReview = { id: plan.id, title: plan.title, packages: [], files: [], services: [], records: [], firewall: [], commands: 0 };
    for (const record of plan.records) classify(record, review);
    review.packages = [...new Set(review.packages)];
    review.services = [...new Set(review.services)];
    if (plan.error) review.partial = serverLine(plan.error, 300);
    const empty = !review.packages.length && !review.files.length && !review.services.length && !review.records.length && !review.firewall.length && !review.commands;
    if (!empty || review.partial) out.push(review);
  }
  return out;
}
