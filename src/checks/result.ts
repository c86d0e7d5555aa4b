// Small constructors for CheckResult so every family writes results the same
// way: a warn or fail always carries a fix line (the report prints it under
// the failure, and the --json consumer gets it as `fix`).
import { serverText } from '../remote/server-text.js';
import type { CheckResult } from './types.js';

export interface ResultMaker {
  ok(id: string, title: string, details?: string): CheckResult;
  warn(id: string, title: string, details: string, fix: string): CheckResult;
  fail(id: string, title: string, details: string, fix: string): CheckResult;
  skip(id: string, title: string, reason: string): CheckResult;
}

/** Results of one area (`DNS`, `TLS`, ...); ids are given in full (`dns.mx.points-at-hostname`). */
export function results(area: string): ResultMaker {
  const make = (status: CheckResult['status']) =>
    (id: string, title: string, details?: string, fix?: string): CheckResult => {
      // Titles and details quote the server's output and DNS answers: both hostile input.
      const r: CheckResult = { id, area, title: serverText(title), status };
      if (details) r.details = serverText(details);
      if (fix) r.fix = serverText(fix);
      return r;
    };
  return { ok: make('ok'), warn: make('warn'), fail: make('fail'), skip: make('skip') };
}

/** A probe error as one line for `details` (errors from node:net, dns and ssh carry a code). */
export function describeError(err: unknown): string {
  // Duck-typed: errors thrown by node's core may come from another realm.
  if (err && typeof err === 'object' && typeof (err as Error).message === 'string') {
    const { message, code } = err as NodeJS.ErrnoException;
    return code && !message.includes(code) ? `${message} (${code})` : message;
  }
  return String(err);
}
