// CAA: only the CA mailsetup renews with should be allowed to issue for the
// host name, and an existing CAA record that names other CAs only makes the
// next renewal fail, some weeks after everything looked fine. The relevant
// records are the first CAA set found walking up from the host name
// (RFC 8659 3).
import { caaIssueLine, caaIssuer } from '../dns/caa.js';
import type { CaaAnswer } from '../dns/resolve.js';
import type { CheckContext } from './context.js';
import { results } from './result.js';
import type { CheckResult } from './types.js';
import { couldNotCheck } from './unanswered.js';

const r = results('DNS');
const ID = 'dns.caa';

type Ctx = Pick<CheckContext, 'domain' | 'hostname' | 'dns' | 'caaIdentity'>;

/** The names CAA is looked up at: the host name, then its parents down to the registered domain. */
export function caaNames(hostname: string, domain: string): string[] {
  const labels = hostname.split('.');
  const names: string[] = [];
  for (let i = 0; i < labels.length - 1; i++) {
    const name = labels.slice(i).join('.');
    names.push(name);
    if (name === domain) break;
  }
  return names;
}

export async function checkCaa(ctx: Ctx): Promise<CheckResult[]> {
  const title = `CAA lets only the CA in use issue for ${ctx.hostname}`;
  const ca = ctx.caaIdentity;
  let found: { name: string; records: CaaAnswer[] } | undefined;
  for (const name of caaNames(ctx.hostname, ctx.domain)) {
    let records: CaaAnswer[];
    try {
      records = await ctx.dns.caa(name);
    } catch (err) {
      return [couldNotCheck(r, ID, title, err, name, ctx.dns.via)];
    }
    if (records.length > 0) {
      found = { name, records };
      break;
    }
  }
  const issuers = found ? found.records.filter((c) => c.issue !== undefined).map((c) => caaIssuer(c.issue!)) : [];
  if (!found || issuers.length === 0) {
    return [r.warn(ID, title, `no CAA issue record for ${ctx.hostname} or its parents: any CA may issue for it`,
      `Add ${caaIssueLine(ctx.domain, ca ?? '<the CAA name of your CA>')} (only the CA in use may then issue).`)];
  }
  // Sorted: DNS hands an RRset out in any order, and the report must not change with it.
  const allowed = issuers.filter(Boolean).sort();
  const where = `CAA at ${found.name}`;
  if (!ca) {
    return [r.ok(ID, title, `${where} allows ${allowed.join(', ') || 'no CA'} (not compared: the CA in use has no known CAA name)`)];
  }
  if (allowed.includes(ca)) return [r.ok(ID, title, `${where} allows ${allowed.join(', ')}`)];
  return [r.fail(ID, title, `${where} allows ${allowed.join(', ') || 'no CA at all'}, not ${ca}: the next certificate renewal will be refused`,
    `Add ${caaIssueLine(found.name, ca)} beside the existing CAA records (or renew with a CA they allow).`)];
}
