// The two faces of a check run: a plain-text report for people (also what the
// Ink report renders, line for line) and the --json document for machines,
// plus the exit code; all computed here so they can never disagree.
import type { CheckResult, CheckStatus } from './types.js';
import { worst } from './types.js';

export const JSON_SCHEMA_VERSION = 1;

export interface CheckSummary { ok: number; warn: number; fail: number; skip: number }

export interface CheckReport {
  version: typeof JSON_SCHEMA_VERSION;
  domain: string;
  hostname: string;
  /** The worst status among the results (`skip` when nothing could be checked). */
  status: CheckStatus;
  summary: CheckSummary;
  results: CheckResult[];
}

/** 0: nothing failed (warnings allowed); 1: at least one check failed; 2: nothing could be checked. */
export function exitCode(results: CheckResult[]): 0 | 1 | 2 {
  if (results.some((r) => r.status === 'fail')) return 1;
  if (results.length === 0 || results.every((r) => r.status === 'skip')) return 2;
  return 0;
}

export function summarize(results: CheckResult[]): CheckSummary {
  const s: CheckSummary = { ok: 0, warn: 0, fail: 0, skip: 0 };
  for (const r of results) s[r.status]++;
  return s;
}

/** Areas in the order a person fixes things: names first, then the server, then reputation. */
export const AREA_ORDER = ['DNS', 'Reverse DNS', 'SPF', 'DKIM', 'DMARC', 'Ports', 'TLS', 'Service', 'Blocklists'];

export function groupByArea(results: CheckResult[]): [string, CheckResult[]][] {
  const groups = new Map<string, CheckResult[]>();
  for (const r of results) groups.set(r.area, [...(groups.get(r.area) ?? []), r]);
  const rank = (a: string) => (AREA_ORDER.includes(a) ? AREA_ORDER.indexOf(a) : AREA_ORDER.length);
  return [...groups.entries()].sort((a, b) => rank(a[0]) - rank(b[0]));
}

export function toJson(domain: string, hostname: string, results: CheckResult[]): CheckReport {
  return {
    version: JSON_SCHEMA_VERSION,
    domain,
    hostname,
    status: worst(results),
    summary: summarize(results),
    // Only the documented fields, in a fixed order (docs/check-json.md).
    results: results.map((r) => {
      const out: CheckResult = { id: r.id, area: r.area, title: r.title, status: r.status };
      if (r.details !== undefined) out.details = r.details;
      if (r.fix !== undefined) out.fix = r.fix;
      return out;
    }),
  };
}

export const SYMBOLS: Record<CheckStatus, string> = { ok: '✓', warn: '!', fail: '✗', skip: '-' };

const COLORS: Record<CheckStatus, string> = { ok: '\x1b[32m', warn: '\x1b[33m', fail: '\x1b[31m', skip: '\x1b[2m' };
const RESET = '\x1b[0m';

/** NO_COLOR (no-color.org): any non-empty value turns colour off; so does a non-TTY stream. */
export function useColor(stream: { isTTY?: boolean } = process.stdout, env: NodeJS.ProcessEnv = process.env): boolean {
  if (env.NO_COLOR) return false;
  if (env.FORCE_COLOR && env.FORCE_COLOR !== '0') return true;
  return Boolean(stream.isTTY);
}

export function summaryLine(results: CheckResult[]): string {
  const s = summarize(results);
  return `${s.ok} ok, ${s.warn} warning${s.warn === 1 ? '' : 's'}, ${s.fail} failed, ${s.skip} skipped`;
}

export function formatText(domain: string, hostname: string, results: CheckResult[], color = false): string {
  const paint = (status: CheckStatus, text: string) => (color ? `${COLORS[status]}${text}${RESET}` : text);
  const lines = [`mailsetup check: ${domain} (${hostname})`, ''];
  for (const [area, group] of groupByArea(results)) {
    lines.push(area);
    for (const r of group) {
      // A detail or fix of several lines (an SSH error) keeps its lines under the result, not at the margin.
      lines.push(`  ${paint(r.status, SYMBOLS[r.status])} ${r.title}${r.details ? `: ${indentRest(r.details, '      ')}` : ''}`);
      if ((r.status === 'fail' || r.status === 'warn') && r.fix) lines.push(`      fix: ${indentRest(r.fix, '           ')}`);
    }
    lines.push('');
  }
  lines.push(paint(worst(results), summaryLine(results)));
  return lines.join('\n') + '\n';
}

/** Lines after the first of a multi-line text, indented to sit under it. */
function indentRest(text: string, indent: string): string {
  return text.replace(/\n/g, `\n${indent}`);
}
