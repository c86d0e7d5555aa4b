// The ACME client on the server (lego from the distribution, or acme.sh's
// pinned release), a step of its own so it goes through apt before
// chasquid's install: issuance then runs while chasquid's packages install,
// and apt never runs twice at once.
import { results } from '../checks/result.js';
import type { CheckResult } from '../checks/types.js';
import { sh } from '../remote/quote.js';
import { holds } from '../server/probe.js';
import { uploadAcmeCa } from './acme-client.js';
import { ACME_HOME, installAcmeSh } from './acme-sh.js';
import { checkProviderEnv } from './dns-credentials.js';
import { installLego } from './lego.js';
import { alreadyDone, changed } from './report.js';
import type { Step, StepContext } from './types.js';

export const acmeClientStep: Step = {
  id: 'acme-client',
  title: 'ACME client',
  why: 'The ACME client asks the certificate authority for your certificate and renews it.',
  reads: ['tls.client', 'tls.acmeCaFile', 'tls.dnsProvider'],
  needs: ['preflight'],
  tasks: (ctx) => [
    {
      title: `Install the ACME client (${ctx.answers.tls.client})`,
      task: async (_, task) => {
        // Credentials are checked first, so a missing one stops the run
        // before anything is installed on the server.
        checkProviderEnv(ctx);
        // The CA file goes up while the client installs: neither needs the other.
        const [installed, ca] = await Promise.all([
          ctx.answers.tls.client === 'lego' ? installLego(ctx, task).then((added) => added.length > 0) : installAcmeSh(ctx, task),
          uploadAcmeCa(ctx),
        ]);
        if (installed) changed(task, 'installed');
        else alreadyDone(task, ca ? 'installed, CA file in place' : 'installed');
      },
    },
  ],
  verify: (ctx) => verifyAcmeClient(ctx),
};

export async function verifyAcmeClient(ctx: StepContext): Promise<CheckResult[]> {
  const r = results('TLS');
  const lego = ctx.answers.tls.client === 'lego';
  const title = `ACME client ${ctx.answers.tls.client} installed`;
  const ok = await holds(ctx, lego ? sh`command -v lego >/dev/null` : sh`[ -x ${`${ACME_HOME}/acme.sh`} ]`);
  return [ok ? r.ok('tls.client', title) : r.fail('tls.client', title, 'not found on the server', 'run mailsetup again')];
}
