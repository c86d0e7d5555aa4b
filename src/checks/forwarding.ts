// The domain's aliases file forwards each address as wanted: the setup's
// Receiving step and `mailsetup forward` both end with this check, read from
// the file as chasquid will read it.
import type { Remote } from '../remote/types.js';
import { aliasTargets } from '../server/aliases.js';
import { aliasesFile } from '../server/paths.js';
import { results } from './result.js';
import type { CheckResult } from './types.js';

const r = results('Receiving');

/** `wanted`: the local part (or `*`) and where it should forward, or undefined for no line at all. */
export async function checkForwarding(remote: Remote, domain: string, wanted: Array<[user: string, target: string | undefined]>): Promise<CheckResult[]> {
  const file = aliasesFile(domain);
  const content = (await remote.readFile(file))?.toString('utf8') ?? '';
  return wanted.map(([user, want]) => {
    const got = aliasTargets(content, user);
    const id = `receiving.alias.${user === '*' ? 'catch-all' : user}`;
    const title = want ? `${user}@${domain} forwards to ${want}` : `${user}@${domain} has no forwarding line`;
    return got === want
      ? r.ok(id, title)
      : r.fail(id, title, got ? `the aliases file says ${got}` : 'no alias line', `run mailsetup (or the mailsetup forward command) again, or edit ${file} by hand`);
  });
}
