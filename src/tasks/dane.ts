// DANE (tls.dane): the TLSA record at _25._tcp.<host> is the certificate's
// key, so it can be published only once the certificate is placed. The DNS
// step does not wait for the certificate (issuance is the slowest part of a
// run), so on a first run it publishes everything else and this step, after
// both, publishes the TLSA record through the same provider. On a rerun the
// DNS step has already published it, and this step finds it in place.
import { checkDnssec } from '../checks/dnssec.js';
import { tlsaName } from '../dns/tlsa.js';
import { checkContext } from './check-context.js';
import { publish } from './dns.js';
import { plannedRecords, zoneResolver } from './dns-publish.js';
import { alreadyDone, changed } from './report.js';
import type { Step } from './types.js';

export const daneStep: Step = {
  id: 'dane',
  title: 'DANE (TLSA record)',
  why: 'Senders that validate DNSSEC deliver to you only over TLS with this key: nobody on the way can strip the encryption or swap the certificate.',
  reads: ['tls.dane'],
  needs: ['certificate-install', 'dns'],
  enabled: (ctx) => Boolean(ctx.answers.tls.dane),
  tasks: (ctx) => [
    {
      title: `Publish the TLSA record ${tlsaName(ctx.answers.hostname)}`,
      task: async (_, task) => {
        const plan = await plannedRecords(ctx, await zoneResolver(ctx));
        const tlsa = plan.records.filter((r) => r.type === 'TLSA');
        // Unsigned zone, or a provider mailsetup cannot give TLSA to: the records' notes say which.
        if (!tlsa.length) return task.skip(plan.notes.find((n) => /DANE|TLSA/.test(n)) ?? 'no TLSA record to publish');
        if (ctx.dryRun) return;
        const n = await publish(ctx, task, tlsa, ctx.answers.domain);
        if (n) changed(task, 'published');
        else alreadyDone(task, 'published');
      },
    },
  ],
  verify: async (ctx) => checkDnssec({ ...(await checkContext(ctx)), expectDane: true }),
};
