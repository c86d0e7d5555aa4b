// The ACME account the server's client renews with, as a URI: a CAA record
// may bind issuance to it (RFC 8657 `accounturi`), so that nobody else's
// account at the same CA can get a certificate for the domain. lego keeps it
// in its account.json, acme.sh in its ca.conf; both are written at the first
// issuance, so before that there is none.
import { raw, sh } from '../remote/quote.js';
import { ACME_SH_HOME, legoDir } from './paths.js';
import type { ServerContext } from './context.js';

/** lego's folder for one ACME server: its host, `:` made `_` (lego's own rule). */
const legoServerDir = (directory: string) => new URL(directory).host.replace(/:/g, '_');

// Read from the server, so hostile: only a plain https URL is taken.
const URI = /^https:\/\/[A-Za-z0-9.:[\]_-]+\/[A-Za-z0-9._~/%-]*$/;

export async function acmeAccountUri(ctx: ServerContext, client: 'lego' | 'acme.sh', directory: string, email: string): Promise<string | undefined> {
  let found: string | undefined;
  if (client === 'lego') {
    const file = `${legoDir}/accounts/${legoServerDir(directory)}/${email}/account.json`;
    const res = await ctx.remote.exec(sh`cat ${file} 2>/dev/null || true`);
    try {
      found = (JSON.parse(res.stdout) as { registration?: { uri?: unknown } }).registration?.uri as string | undefined;
    } catch {
      return undefined;
    }
  } else {
    // acme.sh: ca/<host>/<path>/ca.conf holds ACCOUNT_URL='...'.
    const host = new URL(directory).host;
    const res = await ctx.remote.exec(sh`grep -h ^ACCOUNT_URL= ${ACME_SH_HOME}/ca/${host}/*/ca.conf ${raw('2>/dev/null || true')}`);
    found = /^ACCOUNT_URL='([^']*)'/m.exec(res.stdout)?.[1];
  }
  return typeof found === 'string' && URI.test(found) ? found : undefined;
}
