// `mailsetup cert renew`: a new certificate now (cert-renew.ts), handed to
// chasquid by the usual reload hook, then the certificate checks of the
// setup's TLS step and the next scheduled renewal.
import type { CliRequest } from '../cli/args.js';
import { installedCertificate } from '../tasks/cert-probe.js';
import { verifyCertificate } from '../tasks/certificate.js';
import { askYesNo } from './ask.js';
import { renewNow } from './cert-renew.js';
import { painter } from './paint.js';
import { printChecks } from './print-checks.js';
import { nextRenewal } from './status.js';
import { openTarget, resolveTarget } from './target.js';

export async function certMode(request: CliRequest, say: (line: string) => void = (l) => process.stdout.write(`${l}\n`)): Promise<number> {
  const words = request.day2?.words ?? [];
  if (words.length !== 1 || words[0] !== 'renew') throw new Error('usage: mailsetup cert renew');
  const paint = painter();
  const target = await resolveTarget(request);
  const session = await openTarget(request, target);
  const { ctx } = session;
  try {
    const before = await installedCertificate(ctx);
    const until = before.cert ? new Date(before.cert.validTo).toISOString().slice(0, 10) : 'none';
    say(`Renew the certificate of ${ctx.answers.hostname} now (${ctx.answers.tls.client}, DNS-01 through ${ctx.answers.tls.dnsProvider}):`);
    say(`  - current one valid until ${until}`);
    say('  - the new one is installed for chasquid by the reload hook, which restarts chasquid');
    say(`  - next scheduled renewal: ${(await nextRenewal(ctx)) ?? 'none scheduled'}`);
    if (!(await askYesNo('Go ahead?', request.yes))) {
      say('Nothing changed.');
      return 1;
    }
    await renewNow(ctx, (line) => say(paint('dim', `  ${line}`)));
    const after = await installedCertificate(ctx);
    const renewed = after.cert && before.cert ? after.cert.fingerprint256 !== before.cert.fingerprint256 : Boolean(after.cert);
    say(renewed ? paint('ok', `new certificate, valid until ${new Date(after.cert!.validTo).toISOString().slice(0, 10)}`) : paint('warn', 'the certificate did not change'));
    say(`next scheduled renewal: ${(await nextRenewal(ctx)) ?? 'none scheduled'}`);
    const code = printChecks(await verifyCertificate(ctx), paint, say);
    return renewed ? code : 1;
  } finally {
    await session.close();
  }
}
