// The mail domains chasquid serves on this server: one folder each under
// /etc/chasquid/domains (the first domain and any added later).
import { sh } from '../remote/quote.js';
import { validateDomain } from '../state/validate.js';
import type { Remote } from '../remote/types.js';
import { CHASQUID_DIR } from './paths.js';

export async function serverDomains(remote: Remote): Promise<string[]> {
  const res = await remote.exec(sh`ls -1 ${`${CHASQUID_DIR}/domains`} 2>/dev/null`, { readOnly: true, allowFailure: true });
  return res.stdout.split('\n').map((l) => l.trim()).filter(Boolean).sort();
}

/** The name as the server will carry it, refused with the reason when it cannot be a mail domain. */
export function domainName(name: string): string {
  const domain = name.toLowerCase().replace(/\.$/, '');
  const problem = validateDomain(domain);
  if (problem) throw new Error(`"${name}" ${problem}`);
  return domain;
}
