// A DNS question that got no answer (SERVFAIL after a retry, a timeout, a
// refusal) says nothing about the record: it may well be there. Such a check
// fails as "could not check", naming the question that failed, and its fix
// is about the DNS server, never "add the record" (which could make a
// second, conflicting one).
import type { ResultMaker } from './result.js';
import { describeError } from './result.js';
import type { CheckResult } from './types.js';

export const COULD_NOT_CHECK = 'could not check';

export function couldNotCheck(r: ResultMaker, id: string, title: string, err: unknown, name: string, via: string): CheckResult {
  return r.fail(id, title, `${COULD_NOT_CHECK}: ${describeError(err)}`,
    `Nothing is known about this record yet (do not add one because of this): make sure ${via} answers for ${name}, or pass --resolver, then run mailsetup --check again.`);
}
