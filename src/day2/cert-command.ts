// `mailsetup cert renew`: a new certificate now (cert-renew.ts), handed to
// chasquid by the usual reload hook, then the certificate checks of the
// setup's TLS step and the next scheduled renewal.
import type { Session } from '../session/session.js';
import { installedCertificate } from '../server/cert-probe.js';
import { verifyCertificate } from '../tasks/certificate.js';
import { renewNow } from './cert-renew.js';
import type { PlannedChange } from './change.js';
import { nextRenewal } from './status.js';

export async function certChange(session: Session): Promise<PlannedChange> {
  const { ctx } = session;
  const before = await installedCertificate(ctx);
  const until = before.cert ? new Date(before.cert.validTo).toISOString().slice(0, 10) : 'none';
  return {
    plan: [
      `Renew the certificate of ${ctx.answers.hostname} now (${ctx.answers.tls.client}, DNS-01 through ${ctx.answers.tls.dnsProvider}):`,
      `  - current one valid until ${until}`,
      '  - the new one is installed for chasquid by the reload hook, which restarts chasquid',
      `  - next scheduled renewal: ${(await nextRenewal(ctx)) ?? 'none scheduled'}`,
    ],
    async apply(say) {
      await renewNow(ctx, (line) => say(`  ${line}`, 'dim'));
      const after = await installedCertificate(ctx);
      const renewed = after.cert && before.cert ? after.cert.fingerprint256 !== before.cert.fingerprint256 : Boolean(after.cert);
      if (renewed) say(`new certificate, valid until ${new Date(after.cert!.validTo).toISOString().slice(0, 10)}`, 'ok');
      else say('the certificate did not change', 'warn');
      say(`next scheduled renewal: ${(await nextRenewal(ctx)) ?? 'none scheduled'}`);
      return { checks: await verifyCertificate(ctx), took: renewed };
    },
  };
}
