// The mail domains chasquid serves on this server: one folder each under
// /etc/chasquid/domains (the first domain and any added later).
import { sh } from '../remote/quote.js';
import { normalName } from '../state/names.js';
import { shown } from '../state/shown.js';
import { validateDomain } from '../state/validate.js';
import type { Remote } from '../remote/types.js';
import { CHASQUID_DIR } from './paths.js';

export async function serverDomains(remote: Remote): Promise<string[]> {
  const res = await remote.exec(sh`ls -1 ${`${CHASQUID_DIR}/domains`} 2>/dev/null`, { readOnly: true, allowFailure: true });
  return domainListing(res.stdout);
}

/**
 * The folder names that are mail domains in their normal form. The listing
 * is the server's: a name with an escape, a space or `..` is no domain of
 * ours and is left out instead of reaching a path, a command or the screen.
 */
export function domainListing(output: string): string[] {
  return output.split('\n').filter((name) => name === normalName(name) && validateDomain(name) === null).sort();
}

/** The name as the server will carry it, refused with the reason when it cannot be a mail domain. */
export function domainName(name: string): string {
  const domain = normalName(name);
  const problem = validateDomain(domain);
  if (problem) throw new Error(`${shown(name)} ${problem}`);
  return domain;
}
