// One result type for every check: a step's verify and `mailsetup --check`
// produce the same objects, so the report, the JSON output and the exit code
// are computed in one place.

export type CheckStatus = 'ok' | 'warn' | 'fail' | 'skip';

export interface CheckResult {
  /** Stable identifier, e.g. `dns.spf.authorizes-ipv6`; part of the --json schema. */
  id: string;
  /** Area for grouping in the report, e.g. `DNS`, `TLS`, `Service`. */
  area: string;
  title: string;
  status: CheckStatus;
  /** What was seen, one or a few lines. */
  details?: string;
  /** What to do about a warn/fail, one line. */
  fix?: string;
}

export const worst = (results: CheckResult[]): CheckStatus => {
  const order: CheckStatus[] = ['fail', 'warn', 'ok', 'skip'];
  for (const status of order) if (results.some((r) => r.status === status)) return status;
  return 'skip';
};
