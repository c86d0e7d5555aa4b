// chasquid's certificate as the server holds it: valid for the names, with
// days left, matching its key (server/cert-probe.ts judges it), the key
// private, and the certificate the one chasquid serves on 465. The
// certificate step, `mailsetup cert renew` and `hostname set` end with these.
import type { X509Certificate } from 'node:crypto';
import { sh } from '../remote/quote.js';
import type { Remote } from '../remote/types.js';
import { installedCertificate } from '../server/cert-probe.js';
import { certDir } from '../server/paths.js';
import { results } from './result.js';
import type { CheckResult } from './types.js';

const r = results('TLS');

/** `served: false` leaves out what chasquid serves on 465: before chasquid runs with the certificate, that check cannot pass yet. */
export async function checkCertificate(
  ctx: { remote: Remote; answers: { domain: string; hostname: string } },
  { served = true } = {},
): Promise<{ results: CheckResult[]; cert?: X509Certificate }> {
  const { remote, answers } = ctx;
  const out: CheckResult[] = [];
  // The files, the key's mode and what port 465 serves, asked in one round trip.
  const [state, perm, onPort] = await Promise.all([
    installedCertificate({ remote, dryRun: false, answers }),
    remote.exec(sh`stat -c '%a %U' ${`${certDir(answers.hostname)}/privkey.pem`}`, { readOnly: true, allowFailure: true }),
    served
      ? remote.exec(
          sh`echo | timeout 10 openssl s_client -connect 127.0.0.1:465 -servername ${answers.hostname} 2>/dev/null | openssl x509 -noout -fingerprint -sha256 2>/dev/null`,
          { readOnly: true, allowFailure: true },
        )
      : undefined,
  ]);
  out.push(
    state.ok
      ? r.ok('tls.certificate.valid', 'certificate for chasquid', state.reason)
      : r.fail('tls.certificate.valid', 'certificate for chasquid', state.reason, 'run mailsetup again to issue it'),
  );
  const [mode = '', owner = ''] = perm.stdout.trim().split(' ');
  out.push(
    /^[0-7][0-7]0$/.test(mode) && owner === 'root'
      ? r.ok('tls.certificate.key-private', `private key readable by root and chasquid only (${mode})`)
      : r.fail('tls.certificate.key-private', 'private key is private', `mode ${mode || '?'} owner ${owner || '?'}`, `chmod 0640 the key; run mailsetup again`),
  );
  if (!onPort) return { results: out, cert: state.cert };
  const fp = onPort.stdout.split('=')[1]?.trim().toUpperCase();
  if (!state.cert) out.push(r.skip('tls.certificate.served', 'chasquid serves the certificate on 465', 'no certificate'));
  else if (fp === state.cert.fingerprint256.toUpperCase()) out.push(r.ok('tls.certificate.served', 'chasquid serves this certificate on 465'));
  else out.push(r.fail('tls.certificate.served', 'chasquid serves this certificate on 465', fp ? 'it serves another certificate' : 'no TLS answer on 465', 'restart chasquid (systemctl restart chasquid) so it loads the new certificate'));
  return { results: out, cert: state.cert };
}
