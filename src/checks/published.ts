// Each record mailsetup publishes is visible in DNS as it should be: the
// setup's DNS step and `mailsetup domain add` both end with this check. A
// reverse (PTR) record lives at the host's panel, so a missing one warns.
import { recordStatus } from '../dns/providers/wait.js';
import type { DnsResolver } from '../dns/resolve.js';
import type { DnsRecord } from '../dns/types.js';
import { results } from './result.js';
import type { CheckResult } from './types.js';
import { couldNotCheck } from './unanswered.js';

const r = results('DNS');

export async function checkPublished(records: DnsRecord[], resolver: DnsResolver, hostname: string): Promise<CheckResult[]> {
  const out: CheckResult[] = [];
  for (const record of records) {
    const status = await recordStatus(record, resolver);
    const id = `dns.published.${record.type.toLowerCase()}.${record.name}`;
    const title = `${record.type} ${record.name}`;
    if (status.state === 'visible') out.push(r.ok(id, title));
    else if (status.state === 'error') out.push(couldNotCheck(r, id, title, status.detail ?? 'no answer', record.name, resolver.via));
    else if (record.home === 'reverse') out.push(r.warn(id, title, `PTR shows ${status.seen.join(', ') || 'nothing'}`, `set the reverse DNS of the server to ${hostname} in your host's panel`));
    else out.push(r.fail(id, title, status.seen.length ? `DNS has ${status.seen.join(' | ')}` : 'not published', 'the mailsetup command that made it (mailsetup, or mailsetup domain add) publishes it when run again'));
  }
  return out;
}
