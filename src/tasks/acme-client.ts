// What both ACME clients share: the local CA file of a private ACME server
// (the lab's Pebble) uploaded to the server, and turning a refused issuance
// into a message that says what to check.
import { readFile } from 'node:fs/promises';
import { RemoteCommandError } from '../remote/types.js';
import { isRateLimited, rateLimitHint } from './acme-rate-limit.js';
import { acmeCaFile, MAILSETUP_DIR_MODE } from '../server/paths.js';
import type { StepContext } from './types.js';

/** Upload answers.tls.acmeCaFile (a file on the user's machine); returns its path on the server. */
export async function uploadAcmeCa(ctx: StepContext): Promise<string | undefined> {
  const local = ctx.answers.tls.acmeCaFile;
  if (!local) return undefined;
  let pem: Buffer;
  try {
    pem = await readFile(local);
  } catch (error) {
    throw new Error(`cannot read the ACME CA file ${local} (tls.acmeCaFile): ${(error as Error).message}. Give the path of a PEM file on this computer.`);
  }
  // Its folder holds DNS credentials for renewals: root only when the write creates it.
  await ctx.remote.writeFile(acmeCaFile, pem, { mode: 0o644, backup: false, makeParent: MAILSETUP_DIR_MODE });
  return acmeCaFile;
}

// 401/403 as whole numbers: a UDP source port such as 39403 in a resolver error is not an HTTP status.
const REFUSED = /unauthori[sz]ed|forbidden|NOTAUTH|REFUSED|BADSIG|BADKEY|invalid (api )?(token|key|credentials)|authentication|\b40[13]\b/i;

// lego: "Could not create client: get directory at ..."; acme.sh: "Can not init api for: ...".
// Checked first: a TCP "connection refused" there is not the DNS provider refusing credentials.
const ACME_UNREACHABLE = /get directory at|Could not create client|Can not init api/i;

export function explainIssuanceFailure(ctx: StepContext, error: unknown, variables: string[]): Error {
  if (!(error instanceof RemoteCommandError)) return error as Error;
  const tail = error.lastLines.slice(-6).join('\n');
  const provider = ctx.answers.tls.dnsProvider;
  // Checked first: a refused order is neither the server unreachable nor the credentials.
  const hint = isRateLimited(error.lastLines.join('\n'))
    ? rateLimitHint(error.lastLines.join('\n'), ctx.answers.tls.acmeServer)
    : ACME_UNREACHABLE.test(tail)
    ? `The ACME server ${ctx.answers.tls.acmeServer ?? "(Let's Encrypt)"} cannot be reached from the server. Check tls.acmeServer and that the server can make outbound HTTPS connections, then run mailsetup again.`
    : REFUSED.test(tail.replace(/connection refused/gi, ''))
    ? `The DNS provider "${provider}" refused the credentials. Check ${variables.join(', ')} (a token needs permission to edit the zone ${ctx.answers.domain}), then run mailsetup again.`
    : `Issuing the certificate failed. Check that ${ctx.answers.domain} is served by "${provider}" and that the credentials (${variables.join(', ')}) can edit it, then run mailsetup again.`;
  return new Error(`${hint}\nLast lines of the ACME client:\n${tail.split('\n').map((l) => `  | ${l}`).join('\n')}`);
}
