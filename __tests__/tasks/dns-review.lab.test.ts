// The DNS step hands the records to the wizard's records screen before it
// publishes, and publishes only once the person goes on; an unattended run
// (no screens) publishes without waiting. Against the lab's real bind9 over
// RFC 2136 (zone example13.test of the env-selected lab instance); the step
// does not touch the server for this part, so no VPS is involved.
import { generateKeyPairSync } from 'node:crypto';
import { Listr } from 'listr2';
import { dkimFromKey, dkimValue } from '../../src/dns/dkim.js';
import { recordStatus } from '../../src/dns/providers/wait.js';
import { createResolver } from '../../src/dns/resolve.js';
import { readLabInfo } from '../../src/lab/index.js';
import { labRun } from '../../src/lab/wizard-answers.js';
import type { Remote } from '../../src/remote/types.js';
import { dnsStep } from '../../src/tasks/dns.js';
import type { RecordsReview, StepContext } from '../../src/tasks/types.js';

const OS = 'debian13' as const;

async function context(): Promise<StepContext> {
  const info = await readLabInfo();
  if (!info?.vps[OS]) throw new Error(`lab instance ${process.env.MAILSETUP_LAB_INSTANCE ?? 0} with its ${OS} VPS is not up: run mailsetup lab up`);
  const run = await labRun(info, OS);
  const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const record = dkimValue(dkimFromKey(rsa.publicKey.export({ type: 'spki', format: 'pem' })));
  return {
    // This task reads DNS and talks RFC 2136 only; a server call would throw here.
    remote: {} as Remote,
    answers: run.answers,
    secrets: run.secrets,
    facts: { ipv4: [info.vps[OS]!.ipv4], ipv6: [info.vps[OS]!.ipv6], dkim: { selector: 'mstestreview', record, mode: 'native' } },
    dryRun: false,
    resolver: run.resolver,
    log: () => undefined,
  };
}

const publishTask = (ctx: StepContext) => new Listr([dnsStep.tasks(ctx)[0]!], { renderer: 'silent', exitOnError: true });

describe('the DNS step and the records screen', () => {
  test('with a person watching, the records are shown first and published only after they go on', async () => {
    const ctx = await context();
    const resolver = createResolver({ server: ctx.resolver });
    const reviews: RecordsReview[] = [];
    const dkimName = `mstestreview._domainkey.${ctx.answers.domain}`;
    let seenBeforeGoingOn: string | undefined;
    ctx.ui = {
      reviewRecords: async (review) => {
        reviews.push(review);
        const dkim = review.records.find((r) => r.name === dkimName)!;
        seenBeforeGoingOn = (await recordStatus(dkim, resolver)).state;
      },
    };
    await publishTask(ctx).run();
    expect(reviews).toHaveLength(1);
    const [review] = reviews;
    expect(review!.provider).toBe('rfc2136');
    expect(review!.domain).toBe(ctx.answers.domain);
    expect(review!.changes.find((c) => c.record.name === dkimName)?.action).toMatch(/add|replace/);
    // Nothing was published while the screen was up; afterwards the new key is in DNS.
    expect(seenBeforeGoingOn).not.toBe('visible');
    const dkim = review!.records.find((r) => r.name === dkimName)!;
    expect((await recordStatus(dkim, resolver)).state).toBe('visible');
  }, 120_000);

  test('unattended (no screens), a new key is published without waiting for anyone', async () => {
    const ctx = await context();
    expect(ctx.ui).toBeUndefined();
    await publishTask(ctx).run();
    const resolver = createResolver({ server: ctx.resolver });
    const dkimName = `mstestreview._domainkey.${ctx.answers.domain}`;
    const status = await recordStatus({ name: dkimName, type: 'TXT', values: [ctx.facts.dkim!.record], ttl: 3600, purpose: 'DKIM', home: 'zone' }, resolver);
    expect(status.state).toBe('visible');
  }, 120_000);
});
