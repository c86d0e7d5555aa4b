// One message for a record API that failed: what went wrong in the
// provider's words, the fix, and exactly which records were published and
// which were not, so nobody has to guess what state the zone is in.
import { ApiError } from './http.js';
import type { RecordChange } from '../types.js';

export interface FailureFixes {
  /** e.g. "create an API token with Zone → DNS → Edit for example.com at https://..." */
  auth: string;
  /** e.g. "add example.com to the account at https://..." */
  notFound: string;
}

const label = (c: RecordChange) => `${c.record.type} ${c.record.name}`;

export function listOf(changes: RecordChange[]): string {
  return changes.length ? changes.map(label).join(', ') : 'none';
}

/** The error to throw: `provider` is the provider's name, `done` what it accepted before `cause`. */
export function publishFailure(provider: string, cause: unknown, done: RecordChange[], notDone: RecordChange[], fixes: FailureFixes): Error {
  const e = cause instanceof ApiError ? cause : undefined;
  let what: string;
  let fix: string;
  switch (e?.failure) {
    case 'auth':
      what = `${provider} refused the credential (${e.message})`;
      fix = fixes.auth;
      break;
    case 'rate-limit':
      what = `${provider} rate-limited the requests (${e.message})`;
      fix = `wait ${e.retryAfterSeconds !== undefined ? `${e.retryAfterSeconds} s (its Retry-After)` : 'a minute'}, then run mailsetup again; it publishes only what is missing`;
      break;
    case 'not-found':
      what = `${provider} has no such zone or record (${e.message})`;
      fix = fixes.notFound;
      break;
    case 'unreachable':
      what = `${provider}'s API did not answer (${e.message})`;
      fix = 'check the API address and this computer\'s network, then run mailsetup again';
      break;
    case 'server':
      what = `${provider} failed on its side (${e.message})`;
      fix = 'try again in a few minutes (run mailsetup again; it publishes only what is missing)';
      break;
    default:
      what = `${provider} refused the change (${e ? e.message : (cause as Error).message})`;
      fix = 'correct the record named in the provider\'s answer in its panel, or remove it, then run mailsetup again';
  }
  return new Error(`${what}. Fix: ${fix}. Published: ${listOf(done)}. Not published: ${listOf(notDone)}.`);
}
