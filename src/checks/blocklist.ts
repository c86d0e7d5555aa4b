// Listed addresses or domains get mail refused everywhere. DNS blocklists
// answer an A record (127.0.0.x) for a listed entry and NXDOMAIN otherwise;
// Spamhaus answers 127.255.255.x when it refuses the QUERY itself (sent
// through a public resolver, or too many queries): that says nothing about
// the listing, so it is a warning, never a pass.
import { ptrName } from '../dns/ip.js';
import type { CheckContext, Blocklist } from './context.js';
import { describeError, results } from './result.js';
import type { CheckResult } from './types.js';

const r = results('Blocklists');

export const queryName = (entry: string, list: Blocklist): string =>
  list.kind === 'domain' ? `${entry}.${list.zone}` : `${ptrName(entry).replace(/\.(in-addr|ip6)\.arpa$/, '')}.${list.zone}`;

const refusedCode = (a: string) => a.startsWith('127.255.255.');

export async function checkBlocklists(ctx: Pick<CheckContext, 'domain' | 'ips' | 'dns' | 'blocklists'>): Promise<CheckResult[]> {
  const probes: Promise<CheckResult>[] = [];
  for (const list of ctx.blocklists) {
    const entries = list.kind === 'domain' ? [ctx.domain] : [...ctx.ips.v4, ...ctx.ips.v6];
    for (const entry of entries) probes.push(checkEntry(ctx, list, entry));
  }
  if (probes.length === 0) return [r.skip('blocklist', 'Blocklists', 'no blocklist or no address to look up')];
  return Promise.all(probes);
}

async function checkEntry(ctx: Pick<CheckContext, 'dns'>, list: Blocklist, entry: string): Promise<CheckResult> {
  const id = `blocklist.${list.zone}.${entry}`;
  const title = `${entry} not listed on ${list.zone}`;
  let answers: string[];
  try {
    answers = await ctx.dns.a(queryName(entry, list));
  } catch (err) {
    return r.warn(id, title, `could not ask ${list.zone}: ${describeError(err)}`,
      `Run the check again later, or pass --resolver with a resolver that may query ${list.zone}.`);
  }
  if (answers.length === 0) return r.ok(id, title, 'not listed');
  if (answers.every(refusedCode)) {
    return r.warn(id, title, `${list.zone} refused the query (answer ${answers.join(', ')}): public resolvers are not served`,
      `Pass --resolver with your own (non-public) recursive resolver to get a real answer from ${list.zone}.`);
  }
  const codes = answers.filter((a) => !refusedCode(a)).join(', ');
  return r.fail(id, title, `listed (${codes})`,
    `Look ${entry} up on the list's removal page (for Spamhaus: check.spamhaus.org), fix the cause, and ask for delisting.`);
}
